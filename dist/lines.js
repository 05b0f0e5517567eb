import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { D as DataError } from './errors.js';
import { M as MAX_TEXT_BYTES, f as formatBytes } from './hash.js';

/**
 * Lines of a text file, read a chunk at a time. Unlike readline, a line has an upper bound (what one
 * string can hold): a file that is one endless line fails with a clear error instead of growing
 * until memory runs out.
 */
async function* readLines(file, input, maxBytes = MAX_TEXT_BYTES) {
    const source = createReadStream(file, { highWaterMark: 1 << 16 });
    let parts = [];
    let partBytes = 0;
    let line = 0;
    let bom = true;
    const text = (b) => {
        const decoder = new StringDecoder('utf8');
        let s = decoder.write(b) + decoder.end();
        if (bom) {
            bom = false;
            if (s.charCodeAt(0) === 0xfeff)
                s = s.slice(1);
        }
        return s.endsWith('\r') ? s.slice(0, -1) : s;
    };
    try {
        for await (const chunk of source) {
            let from = 0;
            for (;;) {
                const nl = chunk.indexOf(0x0a, from);
                const end = nl < 0 ? chunk.length : nl;
                partBytes += end - from;
                if (partBytes > maxBytes) {
                    throw new DataError(`${input}: ${file} line ${line + 1} is longer than ${formatBytes(maxBytes)}; write one record per line`, input);
                }
                if (nl < 0) {
                    if (end > from)
                        parts.push(chunk.subarray(from));
                    break;
                }
                parts.push(chunk.subarray(from, nl));
                line++;
                yield text(parts.length === 1 ? parts[0] : Buffer.concat(parts));
                parts = [];
                partBytes = 0;
                from = nl + 1;
            }
        }
        if (partBytes > 0)
            yield text(Buffer.concat(parts));
    }
    finally {
        source.destroy();
    }
}

export { readLines as r };
