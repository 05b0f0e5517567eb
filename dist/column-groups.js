import { I as InputError, D as DataError } from './errors.js';
import { l as listed } from './feeds.js';

/**
 * The right-hand side of an `inputs` pair: one array or key (.npz, JSONL), or — for a CSV — a group
 * of columns: names separated by spaces, `first..last` ranges in header order and `prefix*` globs,
 * e.g. `dense=age bmi s1..s6`, `pixels=px_*`. Names with spaces or `..` in them are quoted: `"sepal
 * length (cm)"`. Parsing is pure; resolving against a CSV header says what is missing.
 */
const BARE_END = /[\s"]/;
function bad(text, why) {
    return new InputError(`input 'inputs' has '${text}': ${why}; write a column list such as dense=age bmi bp, a range dense=s1..s6 or a prefix dense=px_*`, 'inputs');
}
/** Parses a group; throws one InputError naming what is malformed. */
function parseColumnGroup(text) {
    const parts = [];
    let i = 0;
    const name = () => {
        if (text[i] === '"') {
            let out = '';
            for (i++;; i++) {
                if (i >= text.length)
                    throw bad(text, 'a quoted column name is never closed');
                if (text[i] === '"') {
                    // "" inside quotes is one quote, as in a CSV header
                    if (text[i + 1] === '"') {
                        out += '"';
                        i++;
                        continue;
                    }
                    i++;
                    break;
                }
                out += text[i];
            }
            if (out === '')
                throw bad(text, 'a quoted column name is empty');
            return { text: out, quoted: true };
        }
        const start = i;
        while (i < text.length && !BARE_END.test(text[i]) && !text.startsWith('..', i))
            i++;
        return { text: text.slice(start, i), quoted: false };
    };
    while (i < text.length) {
        while (i < text.length && /\s/.test(text[i]))
            i++;
        if (i >= text.length)
            break;
        const a = name();
        if (!a.quoted && a.text === '')
            throw bad(text, "a range '..' needs a column name on each side");
        if (text.startsWith('..', i)) {
            i += 2;
            const b = name();
            if (!b.quoted && b.text === '')
                throw bad(text, "a range '..' needs a column name on each side");
            for (const n of [a, b])
                if (!n.quoted)
                    checkBare(text, n.text);
            parts.push({ kind: 'range', from: a.text, to: b.text });
        }
        else if (!a.quoted && a.text.endsWith('*')) {
            const prefix = a.text.slice(0, -1);
            if (prefix === '')
                throw bad(text, "'*' alone would take every column; give the prefix the columns share, e.g. px_*");
            checkBare(text, prefix);
            parts.push({ kind: 'prefix', prefix });
        }
        else {
            if (!a.quoted)
                checkBare(text, a.text);
            parts.push({ kind: 'name', name: a.text });
        }
        if (i < text.length && !/\s/.test(text[i]))
            throw bad(text, `'${text.slice(i, i + 20)}' follows a column name without a space between them`);
    }
    if (parts.length === 0)
        throw bad(text, 'no column is named');
    return parts;
}
function checkBare(text, name) {
    if (name.includes('*'))
        throw bad(text, `'*' may only end a prefix (px_*), not stand inside '${name}'; quote a column whose name has a '*'`);
    if (name.includes('='))
        throw bad(text, `'${name}' holds '='; write one model-input=columns pair per comma`);
}
/** Quoted where a bare name would read otherwise: a dot at either end would run into a range's `..`. */
function quote(name) {
    return name === '' || /[\s"*=]|\.\.|^\.|\.$/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}
/** The group written back in its plain form (what the provenance records): `age bmi s1..s6`. */
function groupText(parts) {
    return parts
        .map((p) => (p.kind === 'name' ? quote(p.name) : p.kind === 'range' ? `${quote(p.from)}..${quote(p.to)}` : `${p.prefix}*`))
        .join(' ');
}
/** The one array or key a source names, or undefined when it is a group (several columns, a range, a prefix). */
function singleSource(text) {
    const parts = parseColumnGroup(text);
    return parts.length === 1 && parts[0].kind === 'name' ? parts[0].name : undefined;
}
/**
 * The header positions a group names, in the order it names them (ranges and prefixes in header
 * order). `fail(why)` makes the error for a name the header lacks, a range written backwards or a
 * prefix no column has; a name the header holds twice is refused, since which one was meant is a guess.
 */
function resolveColumnGroup(parts, header, fail) {
    const at = (n) => {
        const first = header.indexOf(n);
        if (first < 0)
            throw fail(`has no column '${n}' (its columns are: ${listed(header)}); name the columns as the header does, or add the column`);
        const second = header.indexOf(n, first + 1);
        if (second >= 0)
            throw fail(`has two columns named '${n}', at positions ${first + 1} and ${second + 1}; rename one of them`);
        return first;
    };
    const out = [];
    for (const p of parts) {
        if (p.kind === 'name')
            out.push(at(p.name));
        else if (p.kind === 'range') {
            const a = at(p.from);
            const b = at(p.to);
            if (b < a)
                throw fail(`has the column '${p.to}' (position ${b + 1}) before '${p.from}' (position ${a + 1}); write the range in header order, ${quote(p.to)}..${quote(p.from)}`);
            for (let k = a; k <= b; k++)
                out.push(k);
        }
        else {
            const found = header.flatMap((h, k) => (h.startsWith(p.prefix) ? [k] : []));
            if (found.length === 0)
                throw fail(`has no column starting with '${p.prefix}' (its columns are: ${listed(header)}); give a prefix the columns share`);
            out.push(...found);
        }
    }
    return out;
}
/**
 * The columns that feed a model input no mapping names: a column named like it, else the columns
 * `<input>_0, <input>_1, …` in index order (as pandas names the columns of a flattened array), or
 * undefined when there are none. A gap in the numbering is refused: a column was lost.
 */
function defaultColumns(input, header, fail) {
    const exact = header.indexOf(input);
    if (exact >= 0)
        return resolveColumnGroup([{ kind: 'name', name: input }], header, fail);
    const numbered = new Map();
    header.forEach((h, k) => {
        if (!h.startsWith(`${input}_`))
            return;
        const rest = h.slice(input.length + 1);
        if (!/^(0|[1-9]\d*)$/.test(rest))
            return;
        const index = Number(rest);
        if (numbered.has(index))
            throw fail(`has two columns named '${h}', at positions ${numbered.get(index) + 1} and ${k + 1}; rename one of them`);
        numbered.set(index, k);
    });
    if (numbered.size === 0)
        return undefined;
    const out = [];
    for (let index = 0; index < numbered.size; index++) {
        const k = numbered.get(index);
        if (k === undefined) {
            const top = Math.max(...numbered.keys());
            throw fail(`has columns up to ${input}_${top} but no '${input}_${index}'; number them from 0 without gaps, or map the input to its columns with inputs: ${input}=<columns>`);
        }
        out.push(k);
    }
    return out;
}
/** The one array (.npz) or key (JSONL) `inputs` maps a model input to; a column group is refused there. */
function mappedSource(mapping, input, file, what) {
    const mapped = mapping?.get(input);
    if (mapped === undefined)
        return input;
    const one = singleSource(mapped);
    if (one === undefined) {
        throw new DataError(`inputs: '${input}=${mapped}' is a group of columns, which only a CSV test set has; ${file} feeds each model input from one ${what}: map ${input} to one ${what}`, 'inputs');
    }
    return one;
}

export { defaultColumns as d, groupText as g, mappedSource as m, parseColumnGroup as p, resolveColumnGroup as r };
