import { constants } from 'node:buffer';
import { totalmem } from 'node:os';
import { open, stat, readFile, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { D as DataError, I as InputError } from './errors.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { crc32, inflateSync } from 'node:zlib';
import { a as align16, r as reserve, i as instantiate } from './wasm.js';

// 4 MiB reads: a stream's 64 KiB chunks cost a syscall and a promise tick each, which showed up as
// ~10% of a large array run (issue 14). One reused buffer keeps the memory flat.
const CHUNK = 4 * 1024 * 1024;
async function sha256File(file) {
    const hash = createHash('sha256');
    const fh = await open(file, 'r');
    try {
        const size = (await fh.stat()).size;
        const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, size)));
        for (;;) {
            const { bytesRead } = await fh.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            hash.update(buffer.subarray(0, bytesRead));
        }
    }
    finally {
        await fh.close();
    }
    return hash.digest('hex');
}
/** A test set made of several files: sha256 over "<name> <sha256>\n" lines, in the given order. */
async function sha256Files(files) {
    if (files.length === 1)
        return sha256File(files[0].path);
    const hash = createHash('sha256');
    for (const f of files)
        hash.update(`${f.name} ${await sha256File(f.path)}\n`);
    return hash.digest('hex');
}

const is_object = function (obj) {
  return typeof obj === "object" && obj !== null && !Array.isArray(obj);
};

class CsvError extends Error {
  constructor(code, message, options, ...contexts) {
    if (Array.isArray(message)) message = message.join(" ").trim();
    super(message);
    if (Error.captureStackTrace !== undefined) {
      Error.captureStackTrace(this, CsvError);
    }
    this.code = code;
    for (const context of contexts) {
      for (const key in context) {
        const value = context[key];
        this[key] = Buffer.isBuffer(value)
          ? value.toString(options.encoding)
          : value == null
            ? value
            : JSON.parse(JSON.stringify(value));
      }
    }
  }
}

const normalize_columns_array = function (columns) {
  const normalizedColumns = [];
  for (let i = 0, l = columns.length; i < l; i++) {
    const column = columns[i];
    if (column === undefined || column === null || column === false) {
      normalizedColumns[i] = { disabled: true };
    } else if (typeof column === "string" || typeof column === "number") {
      normalizedColumns[i] = { name: `${column}` };
    } else if (is_object(column)) {
      if (typeof column.name !== "string") {
        throw new CsvError("CSV_OPTION_COLUMNS_MISSING_NAME", [
          "Option columns missing name:",
          `property "name" is required at position ${i}`,
          "when column is an object literal",
        ]);
      }
      normalizedColumns[i] = column;
    } else {
      throw new CsvError("CSV_INVALID_COLUMN_DEFINITION", [
        "Invalid column definition:",
        "expect a string or a literal object,",
        `got ${JSON.stringify(column)} at position ${i}`,
      ]);
    }
  }
  return normalizedColumns;
};

class ResizeableBuffer {
  constructor(size = 100) {
    this.size = size;
    this.length = 0;
    this.buf = Buffer.allocUnsafe(size);
  }
  prepend(val) {
    if (Buffer.isBuffer(val)) {
      const length = this.length + val.length;
      if (length >= this.size) {
        this.resize();
        if (length >= this.size) {
          throw Error("INVALID_BUFFER_STATE");
        }
      }
      const buf = this.buf;
      this.buf = Buffer.allocUnsafe(this.size);
      val.copy(this.buf, 0);
      buf.copy(this.buf, val.length);
      this.length += val.length;
    } else {
      const length = this.length++;
      if (length === this.size) {
        this.resize();
      }
      const buf = this.clone();
      this.buf[0] = val;
      buf.copy(this.buf, 1, 0, length);
    }
  }
  append(val) {
    const length = this.length++;
    if (length === this.size) {
      this.resize();
    }
    this.buf[length] = val;
  }
  clone() {
    return Buffer.from(this.buf.slice(0, this.length));
  }
  resize() {
    const length = this.length;
    this.size = this.size * 2;
    const buf = Buffer.allocUnsafe(this.size);
    this.buf.copy(buf, 0, 0, length);
    this.buf = buf;
  }
  toString(encoding) {
    if (encoding) {
      return this.buf.toString(encoding, 0, this.length);
    } else {
      return Uint8Array.prototype.slice.call(this.buf.slice(0, this.length));
    }
  }
  toJSON() {
    return this.toString("utf8");
  }
  reset() {
    this.length = 0;
  }
}

const init_state = function (options) {
  // ECMAScript WhiteSpace + LineTerminator codepoints, encoded under
  // `options.encoding`. Aligns trimming with `String.prototype.trim()`.
  // https://tc39.es/ecma262/#sec-white-space
  // https://tc39.es/ecma262/#sec-line-terminators
  //
  // Codepoints unrepresentable in the target encoding are dropped: Node's
  // Buffer substitutes them with `?` (0x3F), and including those would cause
  // literal `?` bytes in the input to be trimmed under `latin1`/`ascii`.
  const timchars = [
    // Basic Latin
    0x0020, // [Space](https://www.fileformat.info/info/unicode/char/0020/index.htm)
    0x0009, // [CHARACTER TABULATION (HT)](https://www.fileformat.info/info/unicode/char/0009/index.htm)
    0x000a, // [LINE FEED (LF)](https://www.fileformat.info/info/unicode/char/000a/index.htm)
    0x000d, // [CARRIAGE RETURN (CR)](https://www.fileformat.info/info/unicode/char/000d/index.htm)
    0x000c, // [FORM FEED (FF)](https://www.fileformat.info/info/unicode/char/000c/index.htm)
    0x000b, // [LINE TABULATION (VT)](https://www.fileformat.info/info/unicode/char/000b/index.htm)
    // Latin-1 Supplement
    0x00a0, // [NO-BREAK SPACE (NBSP)](https://www.fileformat.info/info/unicode/char/00a0/index.htm)
    // Ogham
    0x1680, // [OGHAM SPACE MARK](https://www.fileformat.info/info/unicode/char/1680/index.htm)
    // General Punctuation
    0x2000, // [EN QUAD](https://www.fileformat.info/info/unicode/char/2000/index.htm)
    0x2001, // [EM QUAD](https://www.fileformat.info/info/unicode/char/2001/index.htm)
    0x2002, // [EN SPACE](https://www.fileformat.info/info/unicode/char/2002/index.htm)
    0x2003, // [EM SPACE](https://www.fileformat.info/info/unicode/char/2003/index.htm)
    0x2004, // [THREE-PER-EM SPACE](https://www.fileformat.info/info/unicode/char/2004/index.htm)
    0x2005, // [FOUR-PER-EM SPACE](https://www.fileformat.info/info/unicode/char/2005/index.htm)
    0x2006, // [SIX-PER-EM SPACE](https://www.fileformat.info/info/unicode/char/2006/index.htm)
    0x2007, // [FIGURE SPACE](https://www.fileformat.info/info/unicode/char/2007/index.htm)
    0x2008, // [PUNCTUATION SPACE](https://www.fileformat.info/info/unicode/char/2008/index.htm)
    0x2009, // [THIN SPACE](https://www.fileformat.info/info/unicode/char/2009/index.htm)
    0x200a, // [HAIR SPACE](https://www.fileformat.info/info/unicode/char/200a/index.htm)
    0x2028, // [LINE SEPARATOR](https://www.fileformat.info/info/unicode/char/2028/index.htm)
    0x2029, // [PARAGRAPH SEPARATOR](https://www.fileformat.info/info/unicode/char/2029/index.htm)
    0x202f, // [NARROW NO-BREAK SPACE (NNBSP)](https://www.fileformat.info/info/unicode/char/202f/index.htm)
    0x205f, // [MEDIUM MATHEMATICAL SPACE (MMSP)](https://www.fileformat.info/info/unicode/char/205f/index.htm)
    0x3000, // [IDEOGRAPHIC SPACE](https://www.fileformat.info/info/unicode/char/3000/index.htm)
    0xfeff, // [ZERO WIDTH NO-BREAK SPACE (BOM)](https://www.fileformat.info/info/unicode/char/feff/index.htm)
  ].reduce((acc, codepoint) => {
    const encoded = Buffer.from(
      String.fromCharCode(codepoint),
      options.encoding,
    );
    if (codepoint !== 0x3f && encoded.length === 1 && encoded[0] === 0x3f) {
      return acc;
    }
    acc.push(encoded);
    return acc;
  }, []);
  // First-byte lookup table for `__isCharTrimable`. Non-whitespace bytes
  // (the common case) bail out in O(1) without scanning every timchar.
  const timcharFirstBytes = new Uint8Array(256);
  for (const t of timchars) timcharFirstBytes[t[0]] = 1;
  return {
    bomSkipped: false,
    bufBytesStart: 0,
    castField: options.cast_function,
    commenting: false,
    delimiterBufPrevious: undefined,
    delimiterDiscovered: false,
    // Current error encountered by a record
    error: undefined,
    enabled: options.from_line === 1,
    escaping: false,
    escapeIsQuote:
      Buffer.isBuffer(options.escape) &&
      Buffer.isBuffer(options.quote) &&
      Buffer.compare(options.escape, options.quote) === 0,
    // columns can be `false`, `true`, `Array`
    expectedRecordLength: Array.isArray(options.columns)
      ? options.columns.length
      : undefined,
    field: new ResizeableBuffer(20),
    firstLineToHeaders: options.cast_first_line_to_header,
    needMoreDataSize: Math.max(
      // Skip if the remaining buffer smaller than comment
      options.comment !== null ? options.comment.length : 0,
      // Skip if the remaining buffer can be delimiter
      ...(options.delimiter
        ? options.delimiter.map((delimiter) => delimiter.length)
        : []),
      // Auto discovery of delimiter is limited to 1 character
      options.delimiter_auto ? 1 : 0,
      // Skip if the remaining buffer can be escape sequence
      options.quote !== null ? options.quote.length : 0,
      // Skip if the remaining buffer can be a multi-byte trim character
      ...timchars.map((t) => t.length),
    ),
    previousBuf: undefined,
    quoting: false,
    stop: false,
    rawBuffer: new ResizeableBuffer(100),
    record: [],
    recordHasError: false,
    record_length: 0,
    recordDelimiterMaxLength:
      options.record_delimiter.length === 0
        ? 0
        : Math.max(...options.record_delimiter.map((v) => v.length)),
    trimChars: [
      Buffer.from(" ", options.encoding)[0],
      Buffer.from("\t", options.encoding)[0],
    ],
    wasQuoting: false,
    wasRowDelimiter: false,
    timchars: timchars,
    timcharFirstBytes: timcharFirstBytes,
  };
};

const underscore = function (str) {
  return str.replace(/([A-Z])/g, function (_, match) {
    return "_" + match.toLowerCase();
  });
};

const normalize_options = function (opts) {
  const options = {};
  // Merge with user options
  for (const opt in opts) {
    options[underscore(opt)] = opts[opt];
  }
  // Normalize option `encoding`
  // Note: defined first because other options depends on it
  // to convert chars/strings into buffers.
  if (options.encoding === undefined || options.encoding === true) {
    options.encoding = "utf8";
  } else if (options.encoding === null || options.encoding === false) {
    options.encoding = null;
  } else if (
    typeof options.encoding !== "string" &&
    options.encoding !== null
  ) {
    throw new CsvError(
      "CSV_INVALID_OPTION_ENCODING",
      [
        "Invalid option encoding:",
        "encoding must be a string or null to return a buffer,",
        `got ${JSON.stringify(options.encoding)}`,
      ],
      options,
    );
  }
  // Normalize option `bom`
  if (
    options.bom === undefined ||
    options.bom === null ||
    options.bom === false
  ) {
    options.bom = false;
  } else if (options.bom !== true) {
    throw new CsvError(
      "CSV_INVALID_OPTION_BOM",
      [
        "Invalid option bom:",
        "bom must be true,",
        `got ${JSON.stringify(options.bom)}`,
      ],
      options,
    );
  }
  // Normalize option `cast`
  options.cast_function = null;
  if (
    options.cast === undefined ||
    options.cast === null ||
    options.cast === false ||
    options.cast === ""
  ) {
    options.cast = undefined;
  } else if (typeof options.cast === "function") {
    options.cast_function = options.cast;
    options.cast = true;
  } else if (options.cast !== true) {
    throw new CsvError(
      "CSV_INVALID_OPTION_CAST",
      [
        "Invalid option cast:",
        "cast must be true or a function,",
        `got ${JSON.stringify(options.cast)}`,
      ],
      options,
    );
  }
  // Normalize option `cast_date`
  if (
    options.cast_date === undefined ||
    options.cast_date === null ||
    options.cast_date === false ||
    options.cast_date === ""
  ) {
    options.cast_date = false;
  } else if (options.cast_date === true) {
    options.cast_date = function (value) {
      const date = Date.parse(value);
      return !isNaN(date) ? new Date(date) : value;
    };
  } else if (typeof options.cast_date !== "function") {
    throw new CsvError(
      "CSV_INVALID_OPTION_CAST_DATE",
      [
        "Invalid option cast_date:",
        "cast_date must be true or a function,",
        `got ${JSON.stringify(options.cast_date)}`,
      ],
      options,
    );
  }
  // Normalize option `columns`
  options.cast_first_line_to_header = undefined;
  if (options.columns === true) {
    // Fields in the first line are converted as-is to columns
    options.cast_first_line_to_header = undefined;
  } else if (typeof options.columns === "function") {
    options.cast_first_line_to_header = options.columns;
    options.columns = true;
  } else if (Array.isArray(options.columns)) {
    options.columns = normalize_columns_array(options.columns);
  } else if (
    options.columns === undefined ||
    options.columns === null ||
    options.columns === false
  ) {
    options.columns = false;
  } else {
    throw new CsvError(
      "CSV_INVALID_OPTION_COLUMNS",
      [
        "Invalid option columns:",
        "expect an array, a function or true,",
        `got ${JSON.stringify(options.columns)}`,
      ],
      options,
    );
  }
  // Normalize option `group_columns_by_name`
  if (
    options.group_columns_by_name === undefined ||
    options.group_columns_by_name === null ||
    options.group_columns_by_name === false
  ) {
    options.group_columns_by_name = false;
  } else if (options.group_columns_by_name !== true) {
    throw new CsvError(
      "CSV_INVALID_OPTION_GROUP_COLUMNS_BY_NAME",
      [
        "Invalid option group_columns_by_name:",
        "expect an boolean,",
        `got ${JSON.stringify(options.group_columns_by_name)}`,
      ],
      options,
    );
  } else if (options.columns === false) {
    throw new CsvError(
      "CSV_INVALID_OPTION_GROUP_COLUMNS_BY_NAME",
      [
        "Invalid option group_columns_by_name:",
        "the `columns` mode must be activated.",
      ],
      options,
    );
  }
  // Normalize option `comment`
  if (
    options.comment === undefined ||
    options.comment === null ||
    options.comment === false ||
    options.comment === ""
  ) {
    options.comment = null;
  } else {
    if (typeof options.comment === "string") {
      options.comment = Buffer.from(options.comment, options.encoding);
    }
    if (!Buffer.isBuffer(options.comment)) {
      throw new CsvError(
        "CSV_INVALID_OPTION_COMMENT",
        [
          "Invalid option comment:",
          "comment must be a buffer or a string,",
          `got ${JSON.stringify(options.comment)}`,
        ],
        options,
      );
    }
  }
  // Normalize option `comment_no_infix`
  if (
    options.comment_no_infix === undefined ||
    options.comment_no_infix === null ||
    options.comment_no_infix === false
  ) {
    options.comment_no_infix = false;
  } else if (options.comment_no_infix !== true) {
    throw new CsvError(
      "CSV_INVALID_OPTION_COMMENT",
      [
        "Invalid option comment_no_infix:",
        "value must be a boolean,",
        `got ${JSON.stringify(options.comment_no_infix)}`,
      ],
      options,
    );
  }
  // Normalize option `delimiter_auto`
  if (
    options.delimiter_auto === undefined ||
    options.delimiter_auto === null ||
    options.delimiter_auto === false
  ) {
    options.delimiter_auto = false;
  } else if (options.delimiter_auto === true) {
    options.delimiter_auto = {};
  } else if (!is_object(options.delimiter_auto)) {
    throw new CsvError(
      "CSV_INVALID_OPTION_DELIMITER_AUTO",
      [
        "Invalid option delimiter_auto:",
        "delimiter_auto must be a boolean or a configuration object,",
        `got ${JSON.stringify(options.delimiter_auto)}`,
      ],
      options,
    );
  }
  if (options.delimiter_auto) {
    if (options.delimiter_auto.preferred === undefined)
      options.delimiter_auto.preferred = {
        [",".charCodeAt(0)]: 1.8,
        ["\t".charCodeAt(0)]: 1.8,
        [";".charCodeAt(0)]: 1.6,
        [" ".charCodeAt(0)]: 1.6,
        [":".charCodeAt(0)]: 1.5,
        [".".charCodeAt(0)]: 1.4,
        ["/".charCodeAt(0)]: 1.4,
      };
    else if (!is_object(options.delimiter_auto.preferred)) {
      throw new CsvError(
        "CSV_INVALID_OPTION_DELIMITER_AUTO",
        [
          "Invalid option delimiter_auto:",
          "preferred must be an object,",
          `got ${JSON.stringify(options.delimiter_auto.preferred)}`,
        ],
        options,
      );
    }
    if (options.delimiter_auto.score === undefined)
      options.delimiter_auto.score = (info, options) => {
        return (
          (info.total - info.std) * (options.preferred[info.char_code] || 1)
        );
      };
    else if (typeof options.delimiter_auto.score !== "function") {
      throw new CsvError(
        "CSV_INVALID_OPTION_DELIMITER_AUTO",
        [
          "Invalid option delimiter_auto:",
          "score must be a function,",
          `got ${JSON.stringify(options.delimiter_auto.score)}`,
        ],
        options,
      );
    }
    if (options.delimiter_auto.size === undefined)
      options.delimiter_auto.size = 2048;
    else if (typeof options.delimiter_auto.size !== "number") {
      throw new CsvError(
        "CSV_INVALID_OPTION_DELIMITER_AUTO",
        [
          "Invalid option delimiter_auto:",
          "size must be a number,",
          `got ${JSON.stringify(options.delimiter_auto.size)}`,
        ],
        options,
      );
    }
  }
  // Normalize option `delimiter`
  const delimiter_json = JSON.stringify(options.delimiter);
  if (options.delimiter_auto !== false) {
    options.delimiter = [];
  }
  if (!Array.isArray(options.delimiter)) {
    if (
      options.delimiter === undefined ||
      options.delimiter === null ||
      options.delimiter === false
    ) {
      options.delimiter = Buffer.from(",", options.encoding);
    }
    options.delimiter = [options.delimiter];
  }
  options.delimiter = options.delimiter.map(function (delimiter) {
    if (typeof delimiter === "string") {
      delimiter = Buffer.from(delimiter, options.encoding);
    }
    if (!Buffer.isBuffer(delimiter) || delimiter.length === 0) {
      throw new CsvError(
        "CSV_INVALID_OPTION_DELIMITER",
        [
          "Invalid option delimiter:",
          "delimiter must be a non empty string or buffer or array of string|buffer,",
          `got ${delimiter_json}`,
        ],
        options,
      );
    }
    return delimiter;
  });
  // Normalize option `escape`
  if (options.escape === undefined || options.escape === true) {
    options.escape = Buffer.from('"', options.encoding);
  } else if (typeof options.escape === "string") {
    options.escape = Buffer.from(options.escape, options.encoding);
  } else if (options.escape === null || options.escape === false) {
    options.escape = null;
  }
  if (options.escape !== null) {
    if (!Buffer.isBuffer(options.escape)) {
      throw new Error(
        `Invalid Option: escape must be a buffer, a string or a boolean, got ${JSON.stringify(options.escape)}`,
      );
    }
  }
  // Normalize option `from`
  if (options.from === undefined || options.from === null) {
    options.from = 1;
  } else {
    if (typeof options.from === "string" && /\d+/.test(options.from)) {
      options.from = parseInt(options.from);
    }
    if (Number.isInteger(options.from)) {
      if (options.from < 0) {
        throw new Error(
          `Invalid Option: from must be a positive integer, got ${JSON.stringify(opts.from)}`,
        );
      }
    } else {
      throw new Error(
        `Invalid Option: from must be an integer, got ${JSON.stringify(options.from)}`,
      );
    }
  }
  // Normalize option `from_line`
  if (options.from_line === undefined || options.from_line === null) {
    options.from_line = 1;
  } else {
    if (
      typeof options.from_line === "string" &&
      /\d+/.test(options.from_line)
    ) {
      options.from_line = parseInt(options.from_line);
    }
    if (Number.isInteger(options.from_line)) {
      if (options.from_line <= 0) {
        throw new Error(
          `Invalid Option: from_line must be a positive integer greater than 0, got ${JSON.stringify(opts.from_line)}`,
        );
      }
    } else {
      throw new Error(
        `Invalid Option: from_line must be an integer, got ${JSON.stringify(opts.from_line)}`,
      );
    }
  }
  // Normalize options `ignore_last_delimiters`
  if (
    options.ignore_last_delimiters === undefined ||
    options.ignore_last_delimiters === null
  ) {
    options.ignore_last_delimiters = false;
  } else if (typeof options.ignore_last_delimiters === "number") {
    options.ignore_last_delimiters = Math.floor(options.ignore_last_delimiters);
    if (options.ignore_last_delimiters === 0) {
      options.ignore_last_delimiters = false;
    }
  } else if (typeof options.ignore_last_delimiters !== "boolean") {
    throw new CsvError(
      "CSV_INVALID_OPTION_IGNORE_LAST_DELIMITERS",
      [
        "Invalid option `ignore_last_delimiters`:",
        "the value must be a boolean value or an integer,",
        `got ${JSON.stringify(options.ignore_last_delimiters)}`,
      ],
      options,
    );
  }
  if (options.ignore_last_delimiters === true && options.columns === false) {
    throw new CsvError(
      "CSV_IGNORE_LAST_DELIMITERS_REQUIRES_COLUMNS",
      [
        "The option `ignore_last_delimiters`",
        "requires the activation of the `columns` option",
      ],
      options,
    );
  }
  // Normalize option `info`
  if (
    options.info === undefined ||
    options.info === null ||
    options.info === false
  ) {
    options.info = false;
  } else if (options.info !== true) {
    throw new Error(
      `Invalid Option: info must be true, got ${JSON.stringify(options.info)}`,
    );
  }
  // Normalize option `max_record_size`
  if (
    options.max_record_size === undefined ||
    options.max_record_size === null ||
    options.max_record_size === false
  ) {
    options.max_record_size = 0;
  } else if (
    Number.isInteger(options.max_record_size) &&
    options.max_record_size >= 0
  ) ; else if (
    typeof options.max_record_size === "string" &&
    /\d+/.test(options.max_record_size)
  ) {
    options.max_record_size = parseInt(options.max_record_size);
  } else {
    throw new Error(
      `Invalid Option: max_record_size must be a positive integer, got ${JSON.stringify(options.max_record_size)}`,
    );
  }
  // Normalize option `objname`
  if (
    options.objname === undefined ||
    options.objname === null ||
    options.objname === false
  ) {
    options.objname = undefined;
  } else if (Buffer.isBuffer(options.objname)) {
    if (options.objname.length === 0) {
      throw new Error(`Invalid Option: objname must be a non empty buffer`);
    }
    if (options.encoding === null) ; else {
      options.objname = options.objname.toString(options.encoding);
    }
  } else if (typeof options.objname === "string") {
    if (options.objname.length === 0) {
      throw new Error(`Invalid Option: objname must be a non empty string`);
    }
    // Great, nothing to do
  } else if (typeof options.objname === "number") ; else {
    throw new Error(
      `Invalid Option: objname must be a string or a buffer, got ${options.objname}`,
    );
  }
  if (options.objname !== undefined) {
    if (typeof options.objname === "number") {
      if (options.columns !== false) {
        throw Error(
          "Invalid Option: objname index cannot be combined with columns or be defined as a field",
        );
      }
    } else {
      // A string or a buffer
      if (options.columns === false) {
        throw Error(
          "Invalid Option: objname field must be combined with columns or be defined as an index",
        );
      }
    }
  }
  // Normalize option `on_record`
  if (options.on_record === undefined || options.on_record === null) {
    options.on_record = undefined;
  } else if (typeof options.on_record !== "function") {
    throw new CsvError(
      "CSV_INVALID_OPTION_ON_RECORD",
      [
        "Invalid option `on_record`:",
        "expect a function,",
        `got ${JSON.stringify(options.on_record)}`,
      ],
      options,
    );
  }
  // Normalize option `on_skip`
  // options.on_skip ??= (err, chunk) => {
  //   this.emit('skip', err, chunk);
  // };
  if (
    options.on_skip !== undefined &&
    options.on_skip !== null &&
    typeof options.on_skip !== "function"
  ) {
    throw new Error(
      `Invalid Option: on_skip must be a function, got ${JSON.stringify(options.on_skip)}`,
    );
  }
  // Normalize option `quote`
  if (
    options.quote === null ||
    options.quote === false ||
    options.quote === ""
  ) {
    options.quote = null;
  } else {
    if (options.quote === undefined || options.quote === true) {
      options.quote = Buffer.from('"', options.encoding);
    } else if (typeof options.quote === "string") {
      options.quote = Buffer.from(options.quote, options.encoding);
    }
    if (!Buffer.isBuffer(options.quote)) {
      throw new Error(
        `Invalid Option: quote must be a buffer or a string, got ${JSON.stringify(options.quote)}`,
      );
    }
  }
  // Normalize option `raw`
  if (
    options.raw === undefined ||
    options.raw === null ||
    options.raw === false
  ) {
    options.raw = false;
  } else if (options.raw !== true) {
    throw new Error(
      `Invalid Option: raw must be true, got ${JSON.stringify(options.raw)}`,
    );
  }
  // Normalize option `record_delimiter`
  if (options.record_delimiter === undefined) {
    options.record_delimiter = [];
  } else if (
    typeof options.record_delimiter === "string" ||
    Buffer.isBuffer(options.record_delimiter)
  ) {
    if (options.record_delimiter.length === 0) {
      throw new CsvError(
        "CSV_INVALID_OPTION_RECORD_DELIMITER",
        [
          "Invalid option `record_delimiter`:",
          "value must be a non empty string or buffer,",
          `got ${JSON.stringify(options.record_delimiter)}`,
        ],
        options,
      );
    }
    options.record_delimiter = [options.record_delimiter];
  } else if (!Array.isArray(options.record_delimiter)) {
    throw new CsvError(
      "CSV_INVALID_OPTION_RECORD_DELIMITER",
      [
        "Invalid option `record_delimiter`:",
        "value must be a string, a buffer or array of string|buffer,",
        `got ${JSON.stringify(options.record_delimiter)}`,
      ],
      options,
    );
  }
  options.record_delimiter = options.record_delimiter.map(function (rd, i) {
    if (typeof rd !== "string" && !Buffer.isBuffer(rd)) {
      throw new CsvError(
        "CSV_INVALID_OPTION_RECORD_DELIMITER",
        [
          "Invalid option `record_delimiter`:",
          "value must be a string, a buffer or array of string|buffer",
          `at index ${i},`,
          `got ${JSON.stringify(rd)}`,
        ],
        options,
      );
    } else if (rd.length === 0) {
      throw new CsvError(
        "CSV_INVALID_OPTION_RECORD_DELIMITER",
        [
          "Invalid option `record_delimiter`:",
          "value must be a non empty string or buffer",
          `at index ${i},`,
          `got ${JSON.stringify(rd)}`,
        ],
        options,
      );
    }
    if (typeof rd === "string") {
      rd = Buffer.from(rd, options.encoding);
    }
    return rd;
  });
  // Normalize option `relax_column_count`
  if (typeof options.relax_column_count === "boolean") ; else if (
    options.relax_column_count === undefined ||
    options.relax_column_count === null
  ) {
    options.relax_column_count = false;
  } else {
    throw new Error(
      `Invalid Option: relax_column_count must be a boolean, got ${JSON.stringify(options.relax_column_count)}`,
    );
  }
  if (typeof options.relax_column_count_less === "boolean") ; else if (
    options.relax_column_count_less === undefined ||
    options.relax_column_count_less === null
  ) {
    options.relax_column_count_less = false;
  } else {
    throw new Error(
      `Invalid Option: relax_column_count_less must be a boolean, got ${JSON.stringify(options.relax_column_count_less)}`,
    );
  }
  if (typeof options.relax_column_count_more === "boolean") ; else if (
    options.relax_column_count_more === undefined ||
    options.relax_column_count_more === null
  ) {
    options.relax_column_count_more = false;
  } else {
    throw new Error(
      `Invalid Option: relax_column_count_more must be a boolean, got ${JSON.stringify(options.relax_column_count_more)}`,
    );
  }
  // Normalize option `relax_quotes`
  if (typeof options.relax_quotes === "boolean") ; else if (
    options.relax_quotes === undefined ||
    options.relax_quotes === null
  ) {
    options.relax_quotes = false;
  } else {
    throw new Error(
      `Invalid Option: relax_quotes must be a boolean, got ${JSON.stringify(options.relax_quotes)}`,
    );
  }
  // Normalize option `skip_empty_lines`
  if (typeof options.skip_empty_lines === "boolean") ; else if (
    options.skip_empty_lines === undefined ||
    options.skip_empty_lines === null
  ) {
    options.skip_empty_lines = false;
  } else {
    throw new Error(
      `Invalid Option: skip_empty_lines must be a boolean, got ${JSON.stringify(options.skip_empty_lines)}`,
    );
  }
  // Normalize option `skip_records_with_empty_values`
  if (typeof options.skip_records_with_empty_values === "boolean") ; else if (
    options.skip_records_with_empty_values === undefined ||
    options.skip_records_with_empty_values === null
  ) {
    options.skip_records_with_empty_values = false;
  } else {
    throw new Error(
      `Invalid Option: skip_records_with_empty_values must be a boolean, got ${JSON.stringify(options.skip_records_with_empty_values)}`,
    );
  }
  // Normalize option `skip_records_with_error`
  if (typeof options.skip_records_with_error === "boolean") ; else if (
    options.skip_records_with_error === undefined ||
    options.skip_records_with_error === null
  ) {
    options.skip_records_with_error = false;
  } else {
    throw new Error(
      `Invalid Option: skip_records_with_error must be a boolean, got ${JSON.stringify(options.skip_records_with_error)}`,
    );
  }
  // Normalize option `rtrim`
  if (
    options.rtrim === undefined ||
    options.rtrim === null ||
    options.rtrim === false
  ) {
    options.rtrim = false;
  } else if (options.rtrim !== true) {
    throw new Error(
      `Invalid Option: rtrim must be a boolean, got ${JSON.stringify(options.rtrim)}`,
    );
  }
  // Normalize option `ltrim`
  if (
    options.ltrim === undefined ||
    options.ltrim === null ||
    options.ltrim === false
  ) {
    options.ltrim = false;
  } else if (options.ltrim !== true) {
    throw new Error(
      `Invalid Option: ltrim must be a boolean, got ${JSON.stringify(options.ltrim)}`,
    );
  }
  // Normalize option `trim`
  if (
    options.trim === undefined ||
    options.trim === null ||
    options.trim === false
  ) {
    options.trim = false;
  } else if (options.trim !== true) {
    throw new Error(
      `Invalid Option: trim must be a boolean, got ${JSON.stringify(options.trim)}`,
    );
  }
  // Normalize options `trim`, `ltrim` and `rtrim`
  if (options.trim === true && opts.ltrim !== false) {
    options.ltrim = true;
  } else if (options.ltrim !== true) {
    options.ltrim = false;
  }
  if (options.trim === true && opts.rtrim !== false) {
    options.rtrim = true;
  } else if (options.rtrim !== true) {
    options.rtrim = false;
  }
  // Normalize option `to`
  if (options.to === undefined || options.to === null) {
    options.to = -1;
  } else if (options.to !== -1) {
    if (typeof options.to === "string" && /\d+/.test(options.to)) {
      options.to = parseInt(options.to);
    }
    if (Number.isInteger(options.to)) {
      if (options.to <= 0) {
        throw new Error(
          `Invalid Option: to must be a positive integer greater than 0, got ${JSON.stringify(opts.to)}`,
        );
      }
    } else {
      throw new Error(
        `Invalid Option: to must be an integer, got ${JSON.stringify(opts.to)}`,
      );
    }
  }
  // Normalize option `to_line`
  if (options.to_line === undefined || options.to_line === null) {
    options.to_line = -1;
  } else if (options.to_line !== -1) {
    if (typeof options.to_line === "string" && /\d+/.test(options.to_line)) {
      options.to_line = parseInt(options.to_line);
    }
    if (Number.isInteger(options.to_line)) {
      if (options.to_line <= 0) {
        throw new Error(
          `Invalid Option: to_line must be a positive integer greater than 0, got ${JSON.stringify(opts.to_line)}`,
        );
      }
    } else {
      throw new Error(
        `Invalid Option: to_line must be an integer, got ${JSON.stringify(opts.to_line)}`,
      );
    }
  }
  return options;
};

// Discussed in [issue #400](https://github.com/adaltas/node-csv/issues/400)
// See https://github.com/python/cpython/blob/ea1b1c579f600cc85d145c60862b2e6b98701b24/Lib/csv.py#L349
const delimiter_discover = function (records, options) {
  // Normalize the configuration
  if (!options) {
    ({ delimiter_auto: options } = normalize_options({ delimiter_auto: true }));
  }
  // Convert String to Buffer
  if (typeof records === "string") {
    records = Buffer.from(records);
  }
  // Convert Buffer to an array of records
  if (Buffer.isBuffer(records)) {
    records = ((data) => {
      const records = [];
      const parser = transform({ delimiter: [] });
      const push = (record) => records.push(record);
      const close = () => {};
      const error = parser.parse(data, true, push, close);
      if (error !== undefined) throw error;
      return records;
    })(records);
  }
  // Info array initialization, 127 entries, one per char code
  const info = Array(127)
    .fill()
    .map(() => ({ lines: [] }));
  // Traverse each records, count occurences per char code
  records.map(([record], line) => {
    for (let i = 0, l = record.length; i < l; i++) {
      // Count the character frequency
      const code = record.charCodeAt(i);
      if (info[code].lines[line] === undefined) info[code].lines[line] = 0;
      info[code].lines[line]++;
    }
  });
  // Traverse each char code, compute the score
  info.map((info, i) => {
    info.char_code = i;
    info.std = std(info.lines);
    info.total = info.lines.reduce((acc, val) => acc + val, 0);
    info.preferred = !!options.preferred[i];
    info.score = options.score(info, options);
  });
  // Extract the dominant character
  const result = info.reduce(
    (acc, info) => (acc.score > info.score ? acc : info),
    {},
  );
  return String.fromCharCode(result.char_code);
};

const std = function (array) {
  const n = array.length;
  if (n === 0) return 0;
  const mean = array.reduce((a, b) => a + b) / n;
  return Math.sqrt(
    array.map((x) => Math.pow(x - mean, 2)).reduce((a, b) => a + b) / n,
  );
};

const isRecordEmpty = function (record) {
  return record.every(
    (field) =>
      field == null || (field.toString && field.toString().trim() === ""),
  );
};

const cr = 13; // `\r`, carriage return, 0x0D in hexadécimal, 13 in decimal
const nl = 10; // `\n`, newline, 0x0A in hexadecimal, 10 in decimal

const boms = {
  // Note, the following are equals:
  // Buffer.from("\ufeff")
  // Buffer.from([239, 187, 191])
  // Buffer.from('EFBBBF', 'hex')
  utf8: Buffer.from([239, 187, 191]),
  // Note, the following are equals:
  // Buffer.from "\ufeff", 'utf16le
  // Buffer.from([255, 254])
  utf16le: Buffer.from([255, 254]),
};

const transform = function (original_options = {}) {
  const info = {
    bytes: 0,
    bytes_records: 0,
    comment_lines: 0,
    empty_lines: 0,
    invalid_field_length: 0,
    lines: 1,
    records: 0,
  };
  const options = normalize_options(original_options);
  return {
    info: info,
    original_options: original_options,
    options: options,
    state: init_state(options),
    __needMoreData: function (i, bufLen, end) {
      if (end) return false;
      const { encoding, escape, quote } = this.options;
      const { quoting, needMoreDataSize, recordDelimiterMaxLength } =
        this.state;
      const numOfCharLeft = bufLen - i - 1;
      const requiredLength = Math.max(
        needMoreDataSize,
        // Skip if the remaining buffer smaller than record delimiter
        // If "record_delimiter" is yet to be discovered:
        // 1. It is equals to `[]` and "recordDelimiterMaxLength" equals `0`
        // 2. We set the length to windows line ending in the current encoding
        // Note, that encoding is known from user or bom discovery at that point
        // recordDelimiterMaxLength,
        recordDelimiterMaxLength === 0
          ? Buffer.from("\r\n", encoding).length
          : recordDelimiterMaxLength,
        // Skip if remaining buffer can be an escaped quote
        quoting ? (escape === null ? 0 : escape.length) + quote.length : 0,
        // Skip if remaining buffer can be record delimiter following the closing quote
        quoting ? quote.length + recordDelimiterMaxLength : 0,
      );
      return numOfCharLeft < requiredLength;
    },
    // Central parser implementation
    parse: function (nextBuf, end, push, close) {
      const {
        bom,
        comment_no_infix,
        delimiter_auto,
        encoding,
        from_line,
        ltrim,
        max_record_size,
        raw,
        relax_quotes,
        rtrim,
        skip_empty_lines,
        to,
        to_line,
      } = this.options;
      let { comment, escape, quote, record_delimiter } = this.options;
      const {
        bomSkipped,
        delimiterDiscovered,
        delimiterBufPrevious,
        rawBuffer,
        escapeIsQuote,
      } = this.state;
      // Automatic delimiter discovery
      if (!delimiterDiscovered && delimiter_auto) {
        let delimiterBuf;
        if (delimiterBufPrevious === undefined) {
          delimiterBuf = nextBuf;
        } else if (
          delimiterBufPrevious !== undefined &&
          nextBuf === undefined
        ) {
          delimiterBuf = delimiterBufPrevious;
        } else {
          delimiterBuf = Buffer.concat([delimiterBufPrevious, nextBuf]);
        }
        // Ensure that nextBuf is not concatenated a second time during buffer reconciliation
        nextBuf = undefined;
        // this.delimiterBufPrevious = delimiterBuf;
        if (end || delimiterBuf.length > delimiter_auto.size) {
          this.options.delimiter = [
            Buffer.from(
              delimiter_discover(delimiterBuf, this.options.delimiter_auto),
            ),
          ];
          this.state.previousBuf = delimiterBuf;
          this.state.delimiterBufPrevious = undefined;
          this.state.delimiterDiscovered = true;
        } else {
          this.state.delimiterBufPrevious = delimiterBuf;
          return;
        }
      }
      // Previous buffers reconciliation
      const { previousBuf } = this.state;
      let buf;
      if (previousBuf === undefined) {
        if (nextBuf === undefined) {
          // Handle empty string
          close();
          return;
        } else {
          buf = nextBuf;
        }
      } else if (previousBuf !== undefined && nextBuf === undefined) {
        buf = previousBuf;
      } else {
        buf = Buffer.concat([previousBuf, nextBuf]);
      }
      // Handle UTF BOM
      if (bomSkipped === false) {
        if (bom === false) {
          this.state.bomSkipped = true;
        } else if (buf.length < 3) {
          // No enough data
          if (end === false) {
            // Wait for more data
            this.state.previousBuf = buf;
            return;
          }
        } else {
          for (const encoding in boms) {
            if (boms[encoding].compare(buf, 0, boms[encoding].length) === 0) {
              // Skip BOM
              const bomLength = boms[encoding].length;
              this.state.bufBytesStart += bomLength;
              buf = buf.slice(bomLength);
              // Renormalize original options with the new encoding
              const options = normalize_options({
                ...this.original_options,
                encoding: encoding,
              });
              // Properties are merged with the existing options instance
              for (const key in options) {
                this.options[key] = options[key];
              }
              // Options will re-evaluate the Buffer with the new encoding
              ({ comment, escape, quote } = this.options);
              break;
            }
          }
          this.state.bomSkipped = true;
        }
      }
      const bufLen = buf.length;
      let pos;
      for (pos = 0; pos < bufLen; pos++) {
        // Ensure we get enough space to look ahead
        // There should be a way to move this out of the loop
        if (this.__needMoreData(pos, bufLen, end)) {
          break;
        }
        if (this.state.wasRowDelimiter === true) {
          this.info.lines++;
          this.state.wasRowDelimiter = false;
        }
        if (to_line !== -1 && this.info.lines > to_line) {
          this.state.stop = true;
          close();
          return;
        }
        // Auto discovery of record_delimiter, unix, mac and windows supported
        if (this.state.quoting === false && record_delimiter.length === 0) {
          const record_delimiterCount = this.__autoDiscoverRecordDelimiter(
            buf,
            pos,
          );
          if (record_delimiterCount) {
            record_delimiter = this.options.record_delimiter;
          }
        }
        const chr = buf[pos];
        if (raw === true) {
          rawBuffer.append(chr);
        }
        if (
          (chr === cr || chr === nl) &&
          this.state.wasRowDelimiter === false
        ) {
          this.state.wasRowDelimiter = true;
        }
        // Previous char was a valid escape char
        // treat the current char as a regular char
        if (this.state.escaping === true) {
          this.state.escaping = false;
        } else {
          // Escape is only active inside quoted fields
          // We are quoting, the char is an escape chr and there is a chr to escape
          // if(escape !== null && this.state.quoting === true && chr === escape && pos + 1 < bufLen){
          if (
            escape !== null &&
            this.state.quoting === true &&
            this.__isEscape(buf, pos, chr) &&
            pos + escape.length < bufLen
          ) {
            if (escapeIsQuote) {
              if (this.__isQuote(buf, pos + escape.length)) {
                this.state.escaping = true;
                pos += escape.length - 1;
                continue;
              }
            } else {
              this.state.escaping = true;
              pos += escape.length - 1;
              continue;
            }
          }
          // Not currently escaping and chr is a quote
          // TODO: need to compare bytes instead of single char
          if (this.state.commenting === false && this.__isQuote(buf, pos)) {
            if (this.state.quoting === true) {
              const nextChr = buf[pos + quote.length];
              const isNextChrTrimable =
                rtrim && this.__isCharTrimable(buf, pos + quote.length);
              const isNextChrComment =
                comment !== null &&
                this.__compareBytes(comment, buf, pos + quote.length, nextChr);
              const isNextChrDelimiter = this.__isDelimiter(
                buf,
                pos + quote.length,
                nextChr,
              );
              const isNextChrRecordDelimiter =
                record_delimiter.length === 0
                  ? this.__autoDiscoverRecordDelimiter(buf, pos + quote.length)
                  : this.__isRecordDelimiter(nextChr, buf, pos + quote.length);
              // Escape a quote
              // Treat next char as a regular character
              if (
                escape !== null &&
                this.__isEscape(buf, pos, chr) &&
                this.__isQuote(buf, pos + escape.length)
              ) {
                pos += escape.length - 1;
              } else if (
                !nextChr ||
                isNextChrDelimiter ||
                isNextChrRecordDelimiter ||
                isNextChrComment ||
                isNextChrTrimable
              ) {
                this.state.quoting = false;
                this.state.wasQuoting = true;
                pos += quote.length - 1;
                continue;
              } else if (relax_quotes === false) {
                const err = this.__error(
                  new CsvError(
                    "CSV_INVALID_CLOSING_QUOTE",
                    [
                      "Invalid Closing Quote:",
                      `got "${String.fromCharCode(nextChr)}"`,
                      `at line ${this.info.lines}`,
                      "instead of delimiter, record delimiter, trimable character",
                      "(if activated) or comment",
                    ],
                    this.options,
                    this.__infoField(),
                  ),
                );
                if (err !== undefined) return err;
              } else {
                this.state.quoting = false;
                this.state.wasQuoting = true;
                this.state.field.prepend(quote);
                pos += quote.length - 1;
              }
            } else {
              if (this.state.field.length !== 0) {
                // In relax_quotes mode, treat opening quote preceded by chrs as regular
                if (relax_quotes === false) {
                  const info = this.__infoField();
                  const bom = Object.keys(boms)
                    .map((b) =>
                      boms[b].equals(this.state.field.toString()) ? b : false,
                    )
                    .filter(Boolean)[0];
                  const err = this.__error(
                    new CsvError(
                      "INVALID_OPENING_QUOTE",
                      [
                        "Invalid Opening Quote:",
                        `a quote is found on field ${JSON.stringify(info.column)} at line ${info.lines}, value is ${JSON.stringify(this.state.field.toString(encoding))}`,
                        bom ? `(${bom} bom)` : undefined,
                      ],
                      this.options,
                      info,
                      {
                        field: this.state.field,
                      },
                    ),
                  );
                  if (err !== undefined) return err;
                }
              } else {
                this.state.quoting = true;
                pos += quote.length - 1;
                continue;
              }
            }
          }
          if (this.state.quoting === false) {
            const recordDelimiterLength = this.__isRecordDelimiter(
              chr,
              buf,
              pos,
            );
            if (recordDelimiterLength !== 0) {
              // Do not emit comments which take a full line
              const skipCommentLine =
                this.state.commenting &&
                this.state.wasQuoting === false &&
                this.state.record.length === 0 &&
                this.state.field.length === 0;
              if (skipCommentLine) {
                this.info.comment_lines++;
                // Skip full comment line
              } else {
                // Activate records emission if above from_line
                if (
                  this.state.enabled === false &&
                  this.info.lines +
                    (this.state.wasRowDelimiter === true ? 1 : 0) >=
                    from_line
                ) {
                  this.state.enabled = true;
                  this.__resetField();
                  this.__resetRecord();
                  pos += recordDelimiterLength - 1;
                  continue;
                }
                // Skip if line is empty and skip_empty_lines activated
                if (
                  skip_empty_lines === true &&
                  this.state.wasQuoting === false &&
                  this.state.record.length === 0 &&
                  this.state.field.length === 0
                ) {
                  this.info.empty_lines++;
                  pos += recordDelimiterLength - 1;
                  continue;
                }
                this.info.bytes = this.state.bufBytesStart + pos;
                const errField = this.__onField();
                if (errField !== undefined) return errField;
                this.info.bytes =
                  this.state.bufBytesStart + pos + recordDelimiterLength;
                const errRecord = this.__onRecord(push);
                if (errRecord !== undefined) return errRecord;
                if (to !== -1 && this.info.records >= to) {
                  this.state.stop = true;
                  close();
                  return;
                }
              }
              this.state.commenting = false;
              pos += recordDelimiterLength - 1;
              continue;
            }
            if (this.state.commenting) {
              continue;
            }
            if (
              comment !== null &&
              (comment_no_infix === false ||
                (this.state.record.length === 0 &&
                  this.state.field.length === 0))
            ) {
              const commentCount = this.__compareBytes(comment, buf, pos, chr);
              if (commentCount !== 0) {
                this.state.commenting = true;
                continue;
              }
            }
            const delimiterLength = this.__isDelimiter(buf, pos, chr);
            if (delimiterLength !== 0) {
              this.info.bytes = this.state.bufBytesStart + pos;
              const errField = this.__onField();
              if (errField !== undefined) return errField;
              pos += delimiterLength - 1;
              continue;
            }
          }
        }
        if (this.state.commenting === false) {
          if (
            max_record_size !== 0 &&
            this.state.record_length + this.state.field.length > max_record_size
          ) {
            return this.__error(
              new CsvError(
                "CSV_MAX_RECORD_SIZE",
                [
                  "Max Record Size:",
                  "record exceed the maximum number of tolerated bytes",
                  `of ${max_record_size}`,
                  `at line ${this.info.lines}`,
                ],
                this.options,
                this.__infoField(),
              ),
            );
          }
        }
        const lappend =
          ltrim === false ||
          this.state.quoting === true ||
          this.state.field.length !== 0 ||
          !this.__isCharTrimable(buf, pos);
        // rtrim in non quoting is handle in __onField
        const rappend = rtrim === false || this.state.wasQuoting === false;
        if (lappend === true && rappend === true) {
          this.state.field.append(chr);
        } else if (rtrim === true && !this.__isCharTrimable(buf, pos)) {
          return this.__error(
            new CsvError(
              "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE",
              [
                "Invalid Closing Quote:",
                "found non trimable byte after quote",
                `at line ${this.info.lines}`,
              ],
              this.options,
              this.__infoField(),
            ),
          );
        } else {
          if (lappend === false) {
            pos += this.__isCharTrimable(buf, pos) - 1;
          }
          continue;
        }
      }
      if (end === true) {
        // Ensure we are not ending in a quoting state
        if (this.state.quoting === true) {
          const err = this.__error(
            new CsvError(
              "CSV_QUOTE_NOT_CLOSED",
              [
                "Quote Not Closed:",
                `the parsing is finished with an opening quote at line ${this.info.lines}`,
              ],
              this.options,
              this.__infoField(),
            ),
          );
          if (err !== undefined) return err;
        } else {
          // Skip last line if it has no characters
          if (
            this.state.wasQuoting === true ||
            this.state.record.length !== 0 ||
            this.state.field.length !== 0
          ) {
            this.info.bytes = this.state.bufBytesStart + pos;
            const errField = this.__onField();
            if (errField !== undefined) return errField;
            const errRecord = this.__onRecord(push);
            if (errRecord !== undefined) return errRecord;
          } else if (this.state.wasRowDelimiter === true) {
            this.info.empty_lines++;
          } else if (this.state.commenting === true) {
            this.info.comment_lines++;
          }
        }
      } else {
        this.state.bufBytesStart += pos;
        this.state.previousBuf = buf.slice(pos);
      }
      if (this.state.wasRowDelimiter === true) {
        this.info.lines++;
        this.state.wasRowDelimiter = false;
      }
    },
    __onRecord: function (push) {
      const {
        columns,
        group_columns_by_name,
        encoding,
        info,
        from,
        relax_column_count,
        relax_column_count_less,
        relax_column_count_more,
        raw,
        skip_records_with_empty_values,
      } = this.options;
      const { enabled, record } = this.state;
      if (enabled === false) {
        return this.__resetRecord();
      }
      // Convert the first line into column names
      const recordLength = record.length;
      if (columns === true) {
        if (skip_records_with_empty_values === true && isRecordEmpty(record)) {
          this.__resetRecord();
          return;
        }
        return this.__firstLineToColumns(record);
      }
      if (columns === false && this.info.records === 0) {
        this.state.expectedRecordLength = recordLength;
      }
      if (recordLength !== this.state.expectedRecordLength) {
        const err =
          columns === false
            ? new CsvError(
                "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH",
                [
                  "Invalid Record Length:",
                  `expect ${this.state.expectedRecordLength},`,
                  `got ${recordLength} on line ${this.info.lines}`,
                ],
                this.options,
                this.__infoField(),
                {
                  record: record,
                },
              )
            : new CsvError(
                "CSV_RECORD_INCONSISTENT_COLUMNS",
                [
                  "Invalid Record Length:",
                  `columns length is ${columns.length},`, // rename columns
                  `got ${recordLength} on line ${this.info.lines}`,
                ],
                this.options,
                this.__infoField(),
                {
                  record: record,
                },
              );
        if (
          relax_column_count === true ||
          (relax_column_count_less === true &&
            recordLength < this.state.expectedRecordLength) ||
          (relax_column_count_more === true &&
            recordLength > this.state.expectedRecordLength)
        ) {
          this.info.invalid_field_length++;
          this.state.error = err;
          // Error is undefined with skip_records_with_error
        } else {
          const finalErr = this.__error(err);
          if (finalErr) return finalErr;
        }
      }
      if (skip_records_with_empty_values === true && isRecordEmpty(record)) {
        this.__resetRecord();
        return;
      }
      if (this.state.recordHasError === true) {
        this.__resetRecord();
        this.state.recordHasError = false;
        return;
      }
      this.info.records++;
      if (from === 1 || this.info.records >= from) {
        const { objname } = this.options;
        // With columns, records are object
        if (columns !== false) {
          const obj = {};
          // Transform record array to an object
          for (let i = 0, l = record.length; i < l; i++) {
            if (columns[i] === undefined || columns[i].disabled) continue;
            // Turn duplicate columns into an array
            if (
              group_columns_by_name === true &&
              Object.hasOwn(obj, columns[i].name)
            ) {
              if (Array.isArray(obj[columns[i].name])) {
                obj[columns[i].name] = obj[columns[i].name].concat(record[i]);
              } else {
                obj[columns[i].name] = [obj[columns[i].name], record[i]];
              }
            } else {
              Object.defineProperty(obj, columns[i].name, {
                value: record[i],
                enumerable: true,
                writable: true,
                configurable: true,
              });
            }
          }
          // Without objname (default)
          if (raw === true || info === true) {
            const extRecord = Object.assign(
              { record: obj },
              raw === true
                ? { raw: this.state.rawBuffer.toString(encoding) }
                : {},
              info === true ? { info: this.__infoRecord() } : {},
            );
            const err = this.__push(
              objname === undefined ? extRecord : [obj[objname], extRecord],
              push,
            );
            if (err) {
              return err;
            }
          } else {
            const err = this.__push(
              objname === undefined ? obj : [obj[objname], obj],
              push,
            );
            if (err) {
              return err;
            }
          }
          // Without columns, records are array
        } else {
          if (raw === true || info === true) {
            const extRecord = Object.assign(
              { record: record },
              raw === true
                ? { raw: this.state.rawBuffer.toString(encoding) }
                : {},
              info === true ? { info: this.__infoRecord() } : {},
            );
            const err = this.__push(
              objname === undefined ? extRecord : [record[objname], extRecord],
              push,
            );
            if (err) {
              return err;
            }
          } else {
            const err = this.__push(
              objname === undefined ? record : [record[objname], record],
              push,
            );
            if (err) {
              return err;
            }
          }
        }
      }
      this.__resetRecord();
    },
    __firstLineToColumns: function (record) {
      const { firstLineToHeaders } = this.state;
      try {
        const headers =
          firstLineToHeaders === undefined
            ? record
            : firstLineToHeaders.call(null, record);
        if (!Array.isArray(headers)) {
          return this.__error(
            new CsvError(
              "CSV_INVALID_COLUMN_MAPPING",
              [
                "Invalid Column Mapping:",
                "expect an array from column function,",
                `got ${JSON.stringify(headers)}`,
              ],
              this.options,
              this.__infoField(),
              {
                headers: headers,
              },
            ),
          );
        }
        const normalizedHeaders = normalize_columns_array(headers);
        this.state.expectedRecordLength = normalizedHeaders.length;
        this.options.columns = normalizedHeaders;
        this.__resetRecord();
        return;
      } catch (err) {
        return err;
      }
    },
    __resetRecord: function () {
      if (this.options.raw === true) {
        this.state.rawBuffer.reset();
      }
      this.state.error = undefined;
      this.state.record = [];
      this.state.record_length = 0;
    },
    __onField: function () {
      const { cast, encoding, rtrim, max_record_size } = this.options;
      const { enabled, wasQuoting } = this.state;
      // Short circuit for the from_line options
      if (enabled === false) {
        return this.__resetField();
      }
      let field = this.state.field.toString(encoding);
      if (rtrim === true && wasQuoting === false) {
        field = field.trimRight();
      }
      if (cast === true) {
        const [err, f] = this.__cast(field);
        if (err !== undefined) return err;
        field = f;
      }
      this.state.record.push(field);
      // Increment record length if record size must not exceed a limit
      if (max_record_size !== 0 && typeof field === "string") {
        this.state.record_length += field.length;
      }
      this.__resetField();
    },
    __resetField: function () {
      this.state.field.reset();
      this.state.wasQuoting = false;
    },
    __push: function (record, push) {
      const { on_record } = this.options;
      if (on_record !== undefined) {
        const info = this.__infoRecord();
        try {
          record = on_record.call(null, record, info);
        } catch (err) {
          return err;
        }
        if (record === undefined || record === null) {
          return;
        }
      }
      this.info.bytes_records += this.info.bytes;
      push(record);
    },
    // Return a tuple with the error and the casted value
    __cast: function (field) {
      const { columns, relax_column_count } = this.options;
      const isColumns = Array.isArray(columns);
      // Dont loose time calling cast
      // because the final record is an object
      // and this field can't be associated to a key present in columns
      if (
        isColumns === true &&
        relax_column_count &&
        this.options.columns.length <= this.state.record.length
      ) {
        return [undefined, undefined];
      }
      if (this.state.castField !== null) {
        try {
          const info = this.__infoField();
          return [undefined, this.state.castField.call(null, field, info)];
        } catch (err) {
          return [err];
        }
      }
      if (this.__isFloat(field)) {
        return [undefined, parseFloat(field)];
      } else if (this.options.cast_date !== false) {
        const info = this.__infoField();
        return [undefined, this.options.cast_date.call(null, field, info)];
      }
      return [undefined, field];
    },
    __compareBytes: function (sourceBuf, targetBuf, targetPos, firstByte) {
      if (sourceBuf[0] !== firstByte) return 0;
      const sourceLength = sourceBuf.length;
      for (let i = 1; i < sourceLength; i++) {
        if (sourceBuf[i] !== targetBuf[targetPos + i]) return 0;
      }
      return sourceLength;
    },
    // Helper to test if a character is trimable
    __isCharTrimable: function (buf, pos) {
      const { timchars, timcharFirstBytes } = this.state;
      // Fast bail-out: non-whitespace bytes (the common case) are rejected
      // without scanning the full timchar list.
      const first = buf[pos];
      if (first === undefined || timcharFirstBytes[first] === 0) return 0;
      loop1: for (let i = 0; i < timchars.length; i++) {
        const timchar = timchars[i];
        for (let j = 0; j < timchar.length; j++) {
          if (timchar[j] !== buf[pos + j]) continue loop1;
        }
        return timchar.length;
      }
      return 0;
    },
    __isDelimiter: function (buf, pos, chr) {
      const { delimiter, ignore_last_delimiters } = this.options;
      if (
        ignore_last_delimiters === true &&
        this.state.record.length === this.options.columns.length - 1
      ) {
        return 0;
      } else if (
        ignore_last_delimiters !== false &&
        typeof ignore_last_delimiters === "number" &&
        this.state.record.length === ignore_last_delimiters - 1
      ) {
        return 0;
      }
      loop1: for (let i = 0; i < delimiter.length; i++) {
        const del = delimiter[i];
        if (del[0] === chr) {
          for (let j = 1; j < del.length; j++) {
            if (del[j] !== buf[pos + j]) continue loop1;
          }
          return del.length;
        }
      }
      return 0;
    },
    __isEscape: function (buf, pos, chr) {
      const { escape } = this.options;
      if (escape === null) return false;
      const l = escape.length;
      if (escape[0] === chr) {
        for (let i = 0; i < l; i++) {
          if (escape[i] !== buf[pos + i]) {
            return false;
          }
        }
        return true;
      }
      return false;
    },
    __isFloat: function (value) {
      return value - parseFloat(value) + 1 >= 0; // Borrowed from jquery
    },
    // Keep it in case we implement the `cast_int` option
    // __isInt(value){
    //   // return Number.isInteger(parseInt(value))
    //   // return !isNaN( parseInt( obj ) );
    //   return /^(\-|\+)?[1-9][0-9]*$/.test(value)
    // }
    __isQuote: function (buf, pos) {
      const { quote } = this.options;
      if (quote === null) return false;
      const l = quote.length;
      for (let i = 0; i < l; i++) {
        if (quote[i] !== buf[pos + i]) {
          return false;
        }
      }
      return true;
    },
    __isRecordDelimiter: function (chr, buf, pos) {
      const { record_delimiter } = this.options;
      const recordDelimiterLength = record_delimiter.length;
      loop1: for (let i = 0; i < recordDelimiterLength; i++) {
        const rd = record_delimiter[i];
        const rdLength = rd.length;
        if (rd[0] !== chr) {
          continue;
        }
        for (let j = 1; j < rdLength; j++) {
          if (rd[j] !== buf[pos + j]) {
            continue loop1;
          }
        }
        return rd.length;
      }
      return 0;
    },
    __autoDiscoverRecordDelimiter: function (buf, pos) {
      const { encoding } = this.options;
      // Note, we don't need to cache this information in state,
      // It is only called on the first line until we find out a suitable
      // record delimiter.
      const rds = [
        // Important, the windows line ending must be before mac os 9
        Buffer.from("\r\n", encoding),
        Buffer.from("\n", encoding),
        Buffer.from("\r", encoding),
      ];
      loop: for (let i = 0; i < rds.length; i++) {
        const l = rds[i].length;
        for (let j = 0; j < l; j++) {
          if (rds[i][j] !== buf[pos + j]) {
            continue loop;
          }
        }
        this.options.record_delimiter.push(rds[i]);
        this.state.recordDelimiterMaxLength = rds[i].length;
        return rds[i].length;
      }
      return 0;
    },
    __error: function (msg) {
      const { encoding, raw, skip_records_with_error } = this.options;
      const err = typeof msg === "string" ? new Error(msg) : msg;
      if (skip_records_with_error) {
        this.state.recordHasError = true;
        if (this.options.on_skip !== undefined) {
          try {
            this.options.on_skip(
              err,
              raw ? this.state.rawBuffer.toString(encoding) : undefined,
            );
          } catch (err) {
            return err;
          }
        }
        // this.emit('skip', err, raw ? this.state.rawBuffer.toString(encoding) : undefined);
        return undefined;
      } else {
        return err;
      }
    },
    __infoDataSet: function () {
      return {
        ...this.info,
        columns: this.options.columns,
      };
    },
    __infoRecord: function () {
      const { columns, raw, encoding } = this.options;
      return {
        ...this.__infoDataSet(),
        bytes_records: this.info.bytes,
        error: this.state.error,
        header: columns === true,
        index: this.state.record.length,
        raw: raw ? this.state.rawBuffer.toString(encoding) : undefined,
      };
    },
    __infoField: function () {
      const { columns } = this.options;
      const isColumns = Array.isArray(columns);
      // Bytes records are only incremented when all records'fields are parsed
      const bytes_records = this.info.bytes_records;
      return {
        ...this.__infoRecord(),
        bytes_records: bytes_records,
        column:
          isColumns === true
            ? columns.length > this.state.record.length
              ? columns[this.state.record.length].name
              : null
            : this.state.record.length,
        quoting: this.state.wasQuoting,
      };
    },
  };
};

const parse = function (data, opts = {}) {
  if (typeof data === "string") {
    data = Buffer.from(data);
  }
  const records = opts && opts.objname ? Object.create(null) : [];
  const parser = transform(opts);
  const push = (record) => {
    if (parser.options.objname === undefined) records.push(record);
    else {
      records[record[0]] = record[1];
    }
  };
  const close = () => {};
  const error = parser.parse(data, true, push, close);
  if (error !== undefined) throw error;
  return records;
};

/**
 * Image decoding on worker threads (decode-worker.ts): each worker decodes and preprocesses whole
 * files with the same code as the main thread (images.ts decodeImage) and hands back one sample's
 * float32 values. Used to decode the first batch while onnxruntime, which blocks the main thread,
 * creates the session, and to decode on every core while a GPU runs the model.
 */
// dist/ holds decode-worker.js beside every chunk; from the TypeScript sources (Jest) there is no
// worker file, and everything is decoded on the main thread as before.
const WORKER = new URL('./decode-worker.js', import.meta.url);
function poolAvailable() {
    return WORKER.protocol === 'file:' && existsSync(fileURLToPath(WORKER));
}
/** The error a worker reported, as the main thread's decode would have thrown it. */
function decodedError(d) {
    if (!d.error)
        return undefined;
    return d.error.data ? new DataError(d.error.message, d.error.input) : new Error(d.error.message);
}
class DecodePool {
    spec;
    slots = [];
    nextId = 0;
    closed = false;
    constructor(spec) {
        this.spec = spec;
    }
    /**
     * sharp is loaded by the main thread first: with glibc, libvips must stay loaded until every
     * thread that used it has ended (sharp's documentation on worker threads).
     */
    static async start(spec, size) {
        await import('./sharp.js');
        const pool = new DecodePool(spec);
        pool.grow(size);
        return pool;
    }
    get size() {
        return this.slots.length;
    }
    grow(size) {
        while (this.slots.length < size) {
            const worker = new Worker(WORKER, { workerData: this.spec });
            const slot = { worker, pending: new Map() };
            // a worker keeps the process alive only while it has work: an abandoned pool (the model failed
            // to load) must not hold the process open
            worker.unref();
            worker.on('message', (m) => {
                const p = slot.pending.get(m.id);
                slot.pending.delete(m.id);
                if (slot.pending.size === 0)
                    worker.unref();
                p?.resolve(m);
            });
            const fail = (e) => {
                for (const p of slot.pending.values())
                    p.reject(e);
                slot.pending.clear();
            };
            worker.on('error', fail);
            worker.on('exit', (code) => fail(new Error(`image decode worker stopped (exit code ${code})`)));
            this.slots.push(slot);
        }
    }
    /** Decodes one file on the least busy worker. */
    decode(file) {
        if (this.closed)
            return Promise.reject(new Error('image decode pool is closed'));
        const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            if (slot.pending.size === 0)
                slot.worker.ref();
            slot.pending.set(id, { resolve, reject });
            slot.worker.postMessage({ id, file });
        });
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        await Promise.all(this.slots.map((s) => s.worker.terminate()));
    }
}

/**
 * Small PNGs decoded in-process instead of by sharp: for a 28×28 image sharp's two calls (metadata,
 * then pixels) cost ~0.7 ms, most of it crossing into libvips and back; an MNIST- or CIFAR-sized
 * folder was 3–10× slower than Pillow's loader. fast-png was tried first and measured slower than
 * this for such files (its streaming JavaScript inflate grows and copies buffers: ~60% of its time),
 * so the image data is inflated by node:zlib and the rows unfiltered here (PNG's five filters).
 *
 * Only what can be read exactly is taken: signature, every chunk's CRC-32, one IHDR first, IDAT
 * contiguous, IEND last with nothing after it, no unknown critical chunk, one palette before the
 * data, the data inflating to exactly the bytes its rows need, a known filter on every row, palette
 * indices inside the palette. Anything else (interlaced, 1/2/4-bit, APNG, large, malformed) returns
 * undefined and goes to sharp as before, which decodes it or names what is wrong.
 */
/** Pixels up to which this is taken instead of sharp (past that, sharp's per-call cost no longer matters). */
const SMALL_PNG_PIXELS = 512 * 512;
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels of PNG colour types 0 (grey), 2 (RGB), 3 (palette), 4 (grey + alpha), 6 (RGBA). */
const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
function isPng(b) {
    return b.length >= 8 && SIGNATURE.every((v, i) => b[i] === v);
}
/** The PNG's pixels, or undefined where it is not a small, plain, well-formed PNG (sharp then reads it). */
function smallPng(b) {
    if (!isPng(b))
        return undefined;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let at = 8;
    let ihdr;
    let palette;
    const idat = [];
    let idatDone = false;
    let ended = false;
    while (at < b.length) {
        if (ended || at + 12 > b.length)
            return undefined;
        const length = view.getUint32(at);
        if (length > b.length - at - 12)
            return undefined;
        const type = String.fromCharCode(b[at + 4], b[at + 5], b[at + 6], b[at + 7]);
        const data = b.subarray(at + 8, at + 8 + length);
        if (crc32(b.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length))
            return undefined;
        if (ihdr === undefined && type !== 'IHDR')
            return undefined;
        if (type === 'IHDR') {
            if (ihdr !== undefined || length !== 13)
                return undefined;
            const d = new DataView(data.buffer, data.byteOffset, 13);
            ihdr = { width: d.getUint32(0), height: d.getUint32(4), depth: data[8], type: data[9], interlace: data[12] };
            if (data[10] !== 0 || data[11] !== 0)
                return undefined; // compression and filter method 0, the only ones defined
        }
        else if (type === 'IDAT') {
            if (idatDone)
                return undefined;
            idat.push(data);
        }
        else {
            if (idat.length > 0)
                idatDone = true;
            if (type === 'PLTE') {
                // one, before the image data, of 1 to 256 entries (libpng refuses anything else)
                if (palette !== undefined || idat.length > 0 || length % 3 !== 0 || length === 0 || length > 768)
                    return undefined;
                palette = data;
            }
            else if (type === 'IEND') {
                ended = true;
            }
            else if (type === 'acTL' || type === 'fcTL' || type === 'fdAT') {
                return undefined; // APNG: sharp's business
            }
            else if ((b[at + 4] & 0x20) === 0) {
                return undefined; // an unknown critical chunk (upper-case first letter): a reader must not skip it
            }
        }
        at += 12 + length;
    }
    if (!ended || !ihdr || idat.length === 0)
        return undefined;
    const { width, height, depth, type, interlace } = ihdr;
    const channels = CHANNELS[type];
    if (channels === undefined || interlace !== 0 || width === 0 || height === 0 || width * height > SMALL_PNG_PIXELS)
        return undefined;
    if (!(depth === 8 || (depth === 16 && type !== 3)))
        return undefined;
    if (type === 3 && palette === undefined)
        return undefined;
    // the rows' exact bytes: a filter byte and width · channels · depth/8 bytes each, no more, no less
    // (and never more inflated than that: a small file can hold a stream of gigabytes)
    const bpp = (channels * depth) / 8;
    const stride = width * bpp;
    let raw;
    try {
        raw = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat), { maxOutputLength: height * (1 + stride) + 1 });
    }
    catch {
        return undefined;
    }
    if (raw.length !== height * (1 + stride))
        return undefined;
    const rows = unfilter(raw, height, stride, bpp);
    if (!rows)
        return undefined;
    if (depth === 16) {
        const v = new Uint16Array(width * height * channels);
        for (let i = 0; i < v.length; i++)
            v[i] = (rows[2 * i] << 8) | rows[2 * i + 1];
        return { width, height, depth: 16, channels, data: v };
    }
    if (type !== 3)
        return { width, height, depth: 8, channels, data: rows };
    // palette: each index's RGB (Pillow's convert('RGB') of a "P" image; transparency plays no part)
    const entries = palette.length / 3;
    const rgb = new Uint8Array(width * height * 3);
    for (let p = 0; p < rows.length; p++) {
        const e = rows[p];
        if (e >= entries)
            return undefined; // an index past the palette: libpng refuses it
        rgb[3 * p] = palette[3 * e];
        rgb[3 * p + 1] = palette[3 * e + 1];
        rgb[3 * p + 2] = palette[3 * e + 2];
    }
    return { width, height, depth: 8, channels: 3, data: rgb };
}
/**
 * PNG's row filters undone (ISO 15948 §9): each row's first byte names its filter, and bytes are
 * predicted from the one `bpp` to the left, the one above, and the one above-left (0 outside the
 * image), modulo 256. Undefined on a filter byte other than 0–4.
 */
function unfilter(raw, height, stride, bpp) {
    const out = new Uint8Array(height * stride);
    for (let y = 0; y < height; y++) {
        const filter = raw[y * (stride + 1)];
        const src = y * (stride + 1) + 1;
        const o = y * stride;
        const up = o - stride;
        switch (filter) {
            case 0:
                out.set(raw.subarray(src, src + stride), o);
                break;
            case 1:
                for (let i = 0; i < stride; i++)
                    out[o + i] = raw[src + i] + (i >= bpp ? out[o + i - bpp] : 0);
                break;
            case 2:
                for (let i = 0; i < stride; i++)
                    out[o + i] = raw[src + i] + (y > 0 ? out[up + i] : 0);
                break;
            case 3:
                for (let i = 0; i < stride; i++) {
                    const left = i >= bpp ? out[o + i - bpp] : 0;
                    const above = y > 0 ? out[up + i] : 0;
                    out[o + i] = raw[src + i] + ((left + above) >> 1);
                }
                break;
            case 4:
                for (let i = 0; i < stride; i++) {
                    const a = i >= bpp ? out[o + i - bpp] : 0;
                    const b = y > 0 ? out[up + i] : 0;
                    const c = i >= bpp && y > 0 ? out[up + i - bpp] : 0;
                    const p = a + b - c;
                    const pa = Math.abs(p - a);
                    const pb = Math.abs(p - b);
                    const pc = Math.abs(p - c);
                    out[o + i] = raw[src + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }
                break;
            default:
                return undefined;
        }
    }
    return out;
}

/**
 * Image files → 8-bit RGB exactly as torchvision's loader makes them: `Image.open(f).convert('RGB')`
 * in Pillow. The model was trained on those pixels, so where libvips would "improve" them the
 * decoder must not:
 * - an embedded ICC profile (phones write Display P3) is ignored, as Pillow ignores it: sharp would
 *   convert to sRGB through it;
 * - CMYK (JPEG, TIFF) goes through Pillow's own cmyk2rgb formula, not a colour profile;
 * - 16-bit grayscale (Pillow's "I"/"I;16") is clipped to 255, as convert('RGB') does, where libvips
 *   would scale it: the file comes out almost white and is flagged `saturated`; 16-bit RGB and
 *   grayscale+alpha keep the high byte, as Pillow's "RGB;16B"/"LA;16B" raw modes do;
 * - BMP and binary PPM/PGM, which ImageFolder lists and libvips cannot read, are decoded here, with
 *   Pillow 9.4's rules (BmpImagePlugin, PpmImagePlugin); a variant this decoder does not know is an
 *   error naming the file, never a silently shorter test set.
 * Checked value for value against Pillow on fixtures/images/formats (make_formats.py). Small plain
 * PNGs are decoded in-process (png.ts), the rest by sharp.
 */
/** A file this decoder recognises but cannot read as Pillow would; the message says why. */
class UnsupportedImage extends Error {
}
function kindOf(b) {
    if (b[0] === 0x42 && b[1] === 0x4d)
        return 'bmp'; // 'BM'
    if (b[0] === 0x50 && b[1] >= 0x31 && b[1] <= 0x36)
        return 'pnm'; // 'P1'..'P6'
    return 'other';
}
/** Width and height without decoding the pixels (for the size every image must come out at). */
async function imageDimensions(bytes) {
    const kind = kindOf(bytes);
    if (kind === 'bmp')
        return bmpHeader(bytes);
    if (kind === 'pnm')
        return pnmHeader(bytes);
    const sharp = (await import('./sharp.js')).default;
    const m = await sharp(bytes).metadata();
    return { width: m.width, height: m.height };
}
async function decodeLikePillow(bytes) {
    const kind = kindOf(bytes);
    if (kind === 'bmp')
        return decodeBmp(bytes);
    if (kind === 'pnm')
        return decodePnm(bytes);
    const png = smallPng(bytes);
    if (png)
        return pngToRgb(png);
    return decodeWithSharp(bytes);
}
/** A small PNG's pixels as the sharp path below makes them of the same file (image-decode.test.ts holds the two equal). */
function pngToRgb(png) {
    const { width, height, channels, data } = png;
    const px = width * height;
    if (png.depth === 8)
        return { data: toRgb(data, px, channels, channels <= 2), width, height, saturated: false };
    const u16 = data;
    return channels === 1 ? saturate16(u16, width, height) : highByte(u16, width, height, channels, channels === 2);
}
/** The colour spaces whose raw pixels are read as they are stored, and converted here. */
const NATIVE = new Set(['srgb', 'b-w', 'cmyk', 'grey16', 'rgb16']);
/** libvips through sharp (exported for the tests that hold the in-process PNG path to it). */
async function decodeWithSharp(bytes) {
    const sharp = (await import('./sharp.js')).default;
    // ignoreIcc: no profile transform; pipelineColourspace cmyk: no CMYK → sRGB through a profile
    const img = sharp(bytes, { failOn: 'error', ignoreIcc: true });
    const m = await img.metadata();
    const space = m.space ?? 'srgb';
    if (!NATIVE.has(space)) {
        // e.g. a float or Lab TIFF: no Pillow rule to follow here, so libvips' sRGB it is
        const r = await img.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
        return { data: r.data, width: r.info.width, height: r.info.height, saturated: false };
    }
    if (space === 'cmyk')
        img.pipelineColourspace('cmyk');
    const wide = space === 'grey16' || space === 'rgb16';
    const r = await img.toColourspace(space).raw({ depth: wide ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
    const { width, height, channels } = r.info;
    const px = width * height;
    if (wide) {
        const src = r.data.byteOffset % 2 === 0 ? r.data : Buffer.from(r.data);
        const u16 = new Uint16Array(src.buffer, src.byteOffset, px * channels);
        return space === 'grey16' && channels === 1 ? saturate16(u16, width, height) : highByte(u16, width, height, channels, space === 'grey16');
    }
    if (space === 'cmyk')
        return { data: cmykToRgb(r.data, px, channels), width, height, saturated: false };
    return { data: toRgb(r.data, px, channels, space === 'b-w'), width, height, saturated: false };
}
/** Pillow's convert('RGB') of an "I" image: each value clipped to [0, 255]. */
function saturate16(v, width, height) {
    const out = new Uint8Array(v.length * 3);
    let saturated = false;
    for (let p = 0; p < v.length; p++) {
        const x = v[p];
        if (x > 255)
            saturated = true;
        const y = x > 255 ? 255 : x;
        out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = y;
    }
    return { data: out, width, height, saturated };
}
/** 16-bit RGB(A) or grayscale+alpha: Pillow's ";16B" raw modes keep the most significant byte. */
function highByte(v, width, height, channels, grey) {
    const px = width * height;
    const out = new Uint8Array(px * 3);
    for (let p = 0; p < px; p++) {
        const q = p * channels;
        if (grey)
            out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = v[q] >> 8;
        else {
            out[3 * p] = v[q] >> 8;
            out[3 * p + 1] = v[q + 1] >> 8;
            out[3 * p + 2] = v[q + 2] >> 8;
        }
    }
    return { data: out, width, height, saturated: false };
}
/** 8-bit gray, gray+alpha, RGB or RGBA → RGB: gray repeated, alpha dropped (convert('RGB')). */
function toRgb(src, px, channels, grey) {
    if (channels === 3 && !grey)
        return src;
    const out = new Uint8Array(px * 3);
    for (let p = 0; p < px; p++) {
        const q = p * channels;
        if (grey)
            out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = src[q];
        else {
            out[3 * p] = src[q];
            out[3 * p + 1] = src[q + 1];
            out[3 * p + 2] = src[q + 2];
        }
    }
    return out;
}
/**
 * Pillow's cmyk2rgb (libImaging/Convert.c): nk = 255 - k, each channel nk - MULDIV255(c, nk),
 * MULDIV255(a, b) = ((a*b + 128) >> 8 + a*b + 128) >> 8. libjpeg's Adobe-inverted CMYK is already
 * inverted back by libvips, as Pillow's "CMYK;I" raw mode does.
 */
function cmykToRgb(src, px, channels) {
    const out = new Uint8Array(px * 3);
    for (let p = 0; p < px; p++) {
        const q = p * channels;
        const nk = 255 - src[q + 3];
        for (let c = 0; c < 3; c++) {
            const t = src[q + c] * nk + 128;
            const v = nk - (((t >> 8) + t) >> 8);
            out[3 * p + c] = v < 0 ? 0 : v;
        }
    }
    return out;
}
function u16(b, o) {
    return b[o] | (b[o + 1] << 8);
}
function u32(b, o) {
    return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}
function bmpInfo(b) {
    if (b.length < 54)
        throw new UnsupportedImage('truncated BMP header');
    const headerSize = u32(b, 14);
    if (headerSize < 40)
        throw new UnsupportedImage(`BMP with a ${headerSize}-byte (OS/2) header is not supported; save it as PNG`);
    const width = u32(b, 18) | 0;
    const rawHeight = u32(b, 22) | 0;
    const bits = u16(b, 28);
    const compression = u32(b, 30);
    if (width <= 0 || rawHeight === 0 || rawHeight === -2147483648)
        throw new UnsupportedImage(`BMP with an impossible size ${width}×${rawHeight}`);
    return { width, height: Math.abs(rawHeight), topDown: rawHeight < 0, bits, compression, dataOffset: u32(b, 10), headerSize, colours: u32(b, 46) };
}
function bmpHeader(b) {
    const i = bmpInfo(b);
    return { width: i.width, height: i.height };
}
/** Uncompressed BMP: 24/32-bit BGR(X) and 1/4/8-bit palettes (what Pillow and most tools write). */
function decodeBmp(b) {
    const i = bmpInfo(b);
    const { width, height, bits } = i;
    // BI_RGB, or BI_BITFIELDS with the standard 32-bit masks (B, G, R bytes in that order)
    const standardMasks = i.compression === 3 && bits === 32 && b.length >= 66 && u32(b, 54) === 0xff0000 && u32(b, 58) === 0xff00 && u32(b, 62) === 0xff;
    if (!(i.compression === 0 || standardMasks))
        throw new UnsupportedImage(`BMP compression ${i.compression} (${bits}-bit) is not supported; save it uncompressed or as PNG`);
    if (![1, 4, 8, 24, 32].includes(bits))
        throw new UnsupportedImage(`${bits}-bit BMP is not supported; save it as 24-bit or as PNG`);
    const stride = Math.floor((bits * width + 31) / 32) * 4;
    if (i.dataOffset + stride * height > b.length)
        throw new UnsupportedImage(`truncated BMP: ${width}×${height} at ${bits} bits needs ${i.dataOffset + stride * height} bytes, the file has ${b.length}`);
    let palette;
    if (bits <= 8) {
        const n = i.colours || 1 << bits;
        const at = 14 + i.headerSize;
        if (n > 1 << bits || at + 4 * n > i.dataOffset)
            throw new UnsupportedImage(`BMP palette of ${n} colours does not fit its header`);
        palette = b.subarray(at, at + 4 * n);
    }
    const out = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
        const row = i.dataOffset + (i.topDown ? y : height - 1 - y) * stride;
        for (let x = 0; x < width; x++) {
            const o = (y * width + x) * 3;
            if (palette) {
                const per = 8 / bits;
                const byte = b[row + Math.floor(x / per)];
                const k = (byte >> (8 - bits * ((x % per) + 1))) & ((1 << bits) - 1);
                if (4 * k >= palette.length)
                    throw new UnsupportedImage(`BMP pixel (${x}, ${y}) uses colour ${k}, beyond its ${palette.length / 4}-colour palette`);
                out[o] = palette[4 * k + 2];
                out[o + 1] = palette[4 * k + 1];
                out[o + 2] = palette[4 * k];
            }
            else {
                const q = row + x * (bits / 8);
                out[o] = b[q + 2];
                out[o + 1] = b[q + 1];
                out[o + 2] = b[q];
            }
        }
    }
    return { data: out, width, height, saturated: false };
}
const isSpace = (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
/** Pillow's header reading: tokens split by whitespace, '#' comments to the end of the line, one whitespace byte after maxval. */
function pnmInfo(b) {
    const magic = String.fromCharCode(b[0], b[1]);
    const tokens = [];
    let i = 2;
    while (tokens.length < 3) {
        while (i < b.length && (isSpace(b[i]) || b[i] === 0x23)) {
            if (b[i] === 0x23)
                while (i < b.length && b[i] !== 0x0a && b[i] !== 0x0d)
                    i++;
            else
                i++;
        }
        let s = '';
        while (i < b.length && b[i] >= 0x30 && b[i] <= 0x39 && s.length < 10)
            s += String.fromCharCode(b[i++]);
        if (s === '' || i >= b.length || !isSpace(b[i]))
            throw new UnsupportedImage(`malformed ${magic} header`);
        tokens.push(Number(s));
    }
    const [width, height, maxval] = tokens;
    if (width === 0 || height === 0 || maxval === 0 || maxval > 65535)
        throw new UnsupportedImage(`${magic} header with size ${width}×${height} and maxval ${maxval}`);
    return { magic, width, height, maxval, dataOffset: i + 1 };
}
function pnmHeader(b) {
    const i = pnmInfo(b);
    return { width: i.width, height: i.height };
}
/** Python's round() of a double: halves to even, as Pillow 9.4 rescales a maxval other than 255. */
function roundHalfEven$1(x) {
    const r = Math.round(x);
    return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
/**
 * Binary PGM (P5) and PPM (P6), 8 or 16 bits. Pillow 9.4: a maxval other than 255 is rescaled to
 * round(v * 255 / maxval); 16-bit PGM opens as "I" (round(v * 65535 / maxval)) and convert('RGB')
 * clips it to 255 — saturated, as a 16-bit PNG is.
 */
function decodePnm(b) {
    const info = pnmInfo(b);
    const { magic, width, height, maxval } = info;
    if (magic !== 'P5' && magic !== 'P6')
        throw new UnsupportedImage(`${magic} (plain-text or bitmap PNM) is not supported; save it as binary P5/P6 or PNG`);
    const bands = magic === 'P6' ? 3 : 1;
    const wide = maxval > 255;
    const px = width * height;
    const need = px * bands * (wide ? 2 : 1);
    if (info.dataOffset + need > b.length)
        throw new UnsupportedImage(`truncated ${magic}: ${width}×${height} needs ${need} bytes of pixels, the file has ${b.length - info.dataOffset}`);
    const out = new Uint8Array(px * 3);
    let saturated = false;
    const scale = new Map();
    const toByte = (v) => {
        if (maxval === 255)
            return v;
        let s = scale.get(v);
        if (s === undefined)
            scale.set(v, (s = roundHalfEven$1((v * 255) / maxval)));
        return s;
    };
    for (let p = 0; p < px * bands; p++) {
        const at = info.dataOffset + (wide ? 2 * p : p);
        const v = wide ? (b[at] << 8) | b[at + 1] : b[at];
        if (v > maxval)
            throw new UnsupportedImage(`${magic} value ${v} at sample ${p} exceeds its maxval ${maxval}`);
        if (bands === 3) {
            out[p] = toByte(v);
            continue;
        }
        let y;
        if (wide) {
            const i32 = maxval === 65535 ? v : roundHalfEven$1((v * 65535) / maxval);
            if (i32 > 255)
                saturated = true;
            y = i32 > 255 ? 255 : i32;
        }
        else
            y = toByte(v);
        out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = y;
    }
    return { data: out, width, height, saturated };
}

/**
 * Pillow's bilinear resize (libImaging/Resample.c, as torchvision's Resize calls it on PIL images),
 * reproduced step for step: a triangle filter widened by the scale when shrinking (antialiasing),
 * coefficients normalised and turned into 22-bit fixed point, a horizontal pass into an 8-bit image,
 * then a vertical pass, each rounded and clipped to 0..255 as Pillow does. Same input bytes, same
 * output bytes.
 */
const PRECISION_BITS = 32 - 8 - 2;
// A test set's photos mostly share a few sizes: the coefficients are computed once a size pair.
const cache = new Map();
function coefficients(inSize, outSize) {
    const key = inSize * 65536 + outSize;
    let c = cache.get(key);
    if (c === undefined) {
        if (cache.size >= 64)
            cache.clear();
        c = precompute(inSize, outSize);
        cache.set(key, c);
    }
    return c;
}
function precompute(inSize, outSize) {
    const scale = inSize / outSize;
    const filterscale = Math.max(scale, 1);
    const support = 1 * filterscale;
    const ksize = Math.ceil(support) * 2 + 1;
    const bounds = new Int32Array(outSize * 2);
    const kk = new Int32Array(outSize * ksize);
    const k = new Float64Array(ksize);
    for (let xx = 0; xx < outSize; xx++) {
        const center = (xx + 0.5) * scale;
        const ss = 1 / filterscale;
        // C's (int) cast truncates toward zero
        const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
        const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
        let ww = 0;
        for (let x = 0; x < xmax; x++) {
            const t = Math.abs((x + xmin - center + 0.5) * ss);
            const w = t < 1 ? 1 - t : 0;
            k[x] = w;
            ww += w;
        }
        for (let x = 0; x < ksize; x++) {
            const v = x < xmax && ww !== 0 ? k[x] / ww : 0;
            kk[xx * ksize + x] = v < 0 ? Math.trunc(-0.5 + v * (1 << PRECISION_BITS)) : Math.trunc(0.5 + v * (1 << PRECISION_BITS));
        }
        bounds[xx * 2] = xmin;
        bounds[xx * 2 + 1] = xmax;
    }
    return { ksize, bounds, kk };
}
const TOP = 1 << (PRECISION_BITS + 8);
function clip8(v) {
    return v >= TOP ? 255 : v <= 0 ? 0 : v >> PRECISION_BITS;
}
/**
 * Pillow's horizontal pass over RGB rows first..first+rows of a w-wide image, for output columns
 * from..from+count only (a crop window needs no others), written packed into `out`.
 */
function horizontalPass(src, w, first, rows, c, from, count, out) {
    const { ksize, bounds, kk } = c;
    const half = 1 << (PRECISION_BITS - 1);
    for (let y = 0; y < rows; y++) {
        const rowIn = (y + first) * w * 3;
        let o = y * count * 3;
        for (let xx = from; xx < from + count; xx++, o += 3) {
            const xmax = bounds[xx * 2 + 1];
            const kb = xx * ksize;
            let q = rowIn + bounds[xx * 2] * 3;
            let s0 = half;
            let s1 = half;
            let s2 = half;
            for (let x = 0; x < xmax; x++, q += 3) {
                const k = kk[kb + x];
                s0 = (s0 + Math.imul(src[q], k)) | 0;
                s1 = (s1 + Math.imul(src[q + 1], k)) | 0;
                s2 = (s2 + Math.imul(src[q + 2], k)) | 0;
            }
            out[o] = clip8(s0);
            out[o + 1] = clip8(s1);
            out[o + 2] = clip8(s2);
        }
    }
}
/**
 * pilBilinear(src, w, h, outW, outH) cropped to the cw×ch window at (left, top), computed only over
 * that window: the same coefficients and the same int32 sums for every pixel kept, so the same
 * bytes, but a 256→224 centre crop skips the ~24% of the work a full resize spends on pixels the
 * crop throws away (and the horizontal pass skips the rows the window's vertical pass never reads).
 */
function pilBilinearWindow(src, w, h, outW, outH, left, top, cw, ch) {
    const half = 1 << (PRECISION_BITS - 1);
    const vert = outH !== h ? coefficients(h, outH) : undefined;
    // the source rows the window needs: what its vertical pass reads, or its own rows
    const first = vert ? vert.bounds[top * 2] : top;
    const last = vert ? vert.bounds[(top + ch - 1) * 2] + vert.bounds[(top + ch - 1) * 2 + 1] : top + ch;
    const rows = last - first;
    // tmp: cw columns × `rows` rows, horizontally resized (or copied) window columns
    const tmp = new Uint8Array(cw * rows * 3);
    if (outW !== w) {
        horizontalPass(src, w, first, rows, coefficients(w, outW), left, cw, tmp);
    }
    else {
        for (let y = 0; y < rows; y++)
            tmp.set(src.subarray(((y + first) * w + left) * 3, ((y + first) * w + left + cw) * 3), y * cw * 3);
    }
    if (!vert)
        return tmp;
    const stride = cw * 3;
    const out = new Uint8Array(stride * ch);
    const { ksize, bounds, kk } = vert;
    for (let yy = top; yy < top + ch; yy++) {
        const ymax = bounds[yy * 2 + 1];
        const kb = yy * ksize;
        const base = (bounds[yy * 2] - first) * stride;
        const o = (yy - top) * stride;
        // one pixel's three sums in registers over the rows it reads (the same int32 sums, tap by tap)
        for (let i = 0; i < stride; i += 3) {
            let s0 = half;
            let s1 = half;
            let s2 = half;
            for (let y = 0, q = base + i; y < ymax; y++, q += stride) {
                const k = kk[kb + y];
                s0 = (s0 + Math.imul(tmp[q], k)) | 0;
                s1 = (s1 + Math.imul(tmp[q + 1], k)) | 0;
                s2 = (s2 + Math.imul(tmp[q + 2], k)) | 0;
            }
            out[o + i] = clip8(s0);
            out[o + i + 1] = clip8(s1);
            out[o + i + 2] = clip8(s2);
        }
    }
    return out;
}

// Generated by __tests__/generated.test.ts (npm run generate) from pil-resize.wat with wabt: do not edit.
const PIL_RESIZE_WASM = 'AGFzbQEAAAABIgNgCn9/f39/f39/f38AYAl/f39/f39/f38AYAV/f39/fwADBAMAAQIFAwEAAQcuBAZtZW1vcnkCAApob3Jpem9udGFsAAAIdmVydGljYWwAAQlub3JtYWxpc2UAAgqNBwORAgIJfwN7/Qz/AAAA/wAAAP8AAAD/AAAAIRUgByAIaiEOIAkhDAJAIANFDQADQCAAIAogAmogAWxBA2xqIQsgByENA0AgBCANQQN0aigCBCERIAsgBCANQQN0aigCAEEDbGohDyAFIA0gBmxBAnRqIRJBgICAAf0RIRNBACEQAkAgEUUNAANAIBMgD/1cAgD9iQH9qQEgEiAQQQJ0aigCAP0R/bUB/a4BIRMgD0EDaiEPIBBBAWohECAQIBFJDQALCyATQRb9rAEgFP24ASAV/bYBIRMgEyAT/YYBIRMgDCATIBP9Zv0bADYCACAMQQNqIQwgDUEBaiENIA0gDkkNAAsgCkEBaiEKIAogA0kNAAsLC5MDBAh/CHsBfwJ7/Qz/AAAA/wAAAP8AAAD/AAAAIRsgBiEJIAYgB2ohCiAIIRkDQCADIAlBA3RqKAIEIQsgACADIAlBA3RqKAIAIAJrIAFsaiENIAQgCSAFbEECdGohDEEAIQ4DQP0MAAAgAAAAIAAAACAAAAAgACEVIBUhFiAVIRcgFSEYIA0gDmohEEEAIQ8CQCALRQ0AA0AgDCAPQQJ0aigCAP0RIREgEP0ABAAhEiAS/YkBIRMgEv2KASEUIBUgE/2pASAR/bUB/a4BIRUgFiAT/aoBIBH9tQH9rgEhFiAXIBT9qQEgEf21Af2uASEXIBggFP2qASAR/bUB/a4BIRggECABaiEQIA9BAWohDyAPIAtJDQALCyAZIA5qIBVBFv2sASAa/bgBIBv9tgEgFkEW/awBIBr9uAEgG/22Af2GASAXQRb9rAEgGv24ASAb/bYBIBhBFv2sASAa/bgBIBv9tgH9hgH9Zv0LBAAgDkEQaiEOIA4gAUkNAAsgGSABaiEZIAlBAWohCSAJIApJDQALC+IBAQR/AkAgAUUNACADBEAgAUECdCEIA0AgACAFQQNsaiEGIAQgBUECdGohByAHIAIgBi0AAEECdGoqAgA4AgAgByAIaiACIAYtAAFBAnRqKgKACDgCACAHIAhqIAhqIAIgBi0AAkECdGoqAoAQOAIAIAVBAWohBSAFIAFJDQALBQNAIAAgBUEDbGohBiAEIAVBDGxqIQcgByACIAYtAABBAnRqKgIAOAIAIAcgAiAGLQABQQJ0aioCgAg4AgQgByACIAYtAAJBAnRqKgKAEDgCCCAFQQFqIQUgBSABSQ0ACwsLCw==';

/**
 * pilBilinearWindow (pil-resize.ts) in WebAssembly SIMD (pil-resize.wat): the same coefficients, the
 * same int32 products and sums and the same clipping, four or sixteen bytes at a time, so the same
 * bytes (pil-resize.test.ts holds the two equal); and the lookup that turns them into the tensor's
 * floats. A photo run's own time (besides onnxruntime's) went mostly to this resize, on the main
 * thread while onnxruntime waits for the next batch; in SIMD it takes ~5× less (npm run bench -- images).
 * Where WebAssembly SIMD is missing, or an image would need a very large memory, the JavaScript
 * version runs instead.
 */
/** The SIMD loads read up to 16 bytes past a row, and stores write up to 16 past it. */
const PAD = 16;
/** Memory the module may grow to; a larger image is resized in JavaScript (a wasm memory never shrinks). */
const MAX_BYTES = 256 * 1024 * 1024;
let instance;
function load() {
    // null: no WebAssembly SIMD in this runtime, and the JavaScript resize gives the same bytes
    if (instance === undefined)
        instance = instantiate(PIL_RESIZE_WASM);
    return instance;
}
function putCoefficients(mem, at, c) {
    new Int32Array(mem.buffer, at, c.bounds.length).set(c.bounds);
    const kk = align16(at + c.bounds.byteLength);
    new Int32Array(mem.buffer, kk, c.kk.length).set(c.kk);
    return { bounds: at, kk, end: align16(kk + c.kk.byteLength) };
}
/**
 * pilBilinearWindow(src, w, h, outW, outH, left, top, cw, ch): the cw×ch window at (left, top) of
 * src resized to outW×outH, as interleaved RGB bytes. The array returned may be a view of the
 * module's memory, valid until the next call: copy or consume it first.
 */
function resizeWindow(src, w, h, outW, outH, left, top, cw, ch) {
    const wasm = load();
    const horiz = outW !== w ? coefficients(w, outW) : undefined;
    const vert = outH !== h ? coefficients(h, outH) : undefined;
    const first = vert ? vert.bounds[top * 2] : top;
    const last = vert ? vert.bounds[(top + ch - 1) * 2] + vert.bounds[(top + ch - 1) * 2 + 1] : top + ch;
    const rows = last - first;
    const coefBytes = (c) => (c ? align16(c.bounds.byteLength) + align16(c.kk.byteLength) : 0);
    const total = align16(src.length + PAD) + coefBytes(horiz) + coefBytes(vert) + align16(cw * rows * 3 + PAD) + align16(cw * ch * 3 + PAD);
    if (wasm === null || total > MAX_BYTES || (!horiz && !vert))
        return pilBilinearWindow(src, w, h, outW, outH, left, top, cw, ch);
    const mem = wasm.memory;
    reserve(mem, total);
    new Uint8Array(mem.buffer, 0, src.length).set(src);
    let at = align16(src.length + PAD);
    const hc = horiz ? putCoefficients(mem, at, horiz) : undefined;
    at = hc?.end ?? at;
    const vc = vert ? putCoefficients(mem, at, vert) : undefined;
    at = vc?.end ?? at;
    // tmp: the window's columns over the source rows its vertical pass reads, horizontally resized (or copied)
    const tmp = at;
    const out = align16(tmp + cw * rows * 3 + PAD);
    if (hc)
        wasm.horizontal(0, w, first, rows, hc.bounds, hc.kk, horiz.ksize, left, cw, tmp);
    else
        for (let y = 0; y < rows; y++)
            new Uint8Array(mem.buffer, tmp + y * cw * 3, cw * 3).set(src.subarray(((y + first) * w + left) * 3, ((y + first) * w + left + cw) * 3));
    if (!vc)
        return new Uint8Array(mem.buffer, tmp, cw * ch * 3);
    wasm.vertical(tmp, cw * 3, first, vc.bounds, vc.kk, vert.ksize, top, ch, out);
    return new Uint8Array(mem.buffer, out, cw * ch * 3);
}
/**
 * ToTensor + Normalize of `pixels` interleaved RGB pixels by the channels' lookup tables, written to
 * into[at…] planar (nchw) or interleaved: the tables' own floats, so the same values as the
 * JavaScript loop. Reads the bytes where they are when they are resizeWindow's window (no copy).
 * Returns false, having written nothing, where the module cannot run or would need too large a memory.
 */
function normaliseRgb(into, at, data, pixels, nchw, lut) {
    const wasm = load();
    if (wasm === null)
        return false;
    const mem = wasm.memory;
    const inside = data.buffer === mem.buffer;
    const src = inside ? data.byteOffset : 0;
    const tables = align16(src + pixels * 3 + PAD);
    const out = tables + 3 * 256 * 4;
    const total = out + pixels * 3 * 4;
    if (total > MAX_BYTES)
        return false;
    // growing detaches the views of the old memory: data is copied in (or its offset kept) after
    reserve(mem, total);
    if (!inside)
        new Uint8Array(mem.buffer, 0, pixels * 3).set(data.subarray(0, pixels * 3));
    for (let c = 0; c < 3; c++)
        new Float32Array(mem.buffer, tables + c * 1024, 256).set(lut[c]);
    wasm.normalise(src, pixels, tables, nchw ? 1 : 0, out);
    into.set(new Float32Array(mem.buffer, out, pixels * 3), at);
    return true;
}

/**
 * Image test sets as people keep them: a torchvision ImageFolder (`<root>/<class>/<image>`, classes
 * sorted by name so indices match a model trained with ImageFolder), or a folder of images with a
 * labels.csv (file,label). Decoded with sharp on libuv's thread pool, a batch at a time, while the
 * model runs on the previous batch; preprocessed as torchvision's Resize → CenterCrop → ToTensor →
 * Normalize would.
 */
/**
 * torchvision's IMG_EXTENSIONS, all of them: sharp decodes the first six, pil-decode.ts the BMP,
 * PPM and PGM files libvips has no loader for. Not .gif, which ImageFolder does not pick up, so
 * counting them would change the test set.
 */
const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp'];
/** torchvision's has_file_allowed_extension: the lower-cased name ends with one (".png" alone counts). */
const isImageName = (name) => IMAGE_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));
/**
 * Python's str ordering: by code point. JavaScript's < compares UTF-16 units, which puts a character
 * above U+FFFF (a surrogate pair, 0xD800–0xDFFF) before U+E000–U+FFFF (full-width digits, …).
 */
function byCodePoint(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x === y)
            continue;
        const sx = x >= 0xd800 && x <= 0xdfff;
        const sy = y >= 0xd800 && y <= 0xdfff;
        // two surrogates compare as their code points do; a surrogate is above any other unit
        return sx === sy ? x - y : sx ? 1 : -1;
    }
    return a.length - b.length;
}
/** Is `full` a directory, following a symbolic link as os.scandir's is_dir() does. */
async function isDir(full, e) {
    if (e.isDirectory())
        return true;
    return e.isSymbolicLink() && ((await stat(full).catch(() => undefined))?.isDirectory() ?? false);
}
/**
 * All image files below `top`, in torchvision's make_dataset order: `sorted(os.walk(top,
 * followlinks=True))` (by folder path, so "a/b-c" before "a/b/c"), then sorted names within each.
 * Links are followed; one back to a folder that holds it (through the folders walked, or on disk:
 * the test set's root, /) would count the tree again and again (os.walk would loop until the path
 * is too long): it is skipped, with a warning.
 */
async function walk(top, warnings) {
    const roots = [];
    const visit = async (dir, chain) => {
        // os.walk's default onerror: a folder it cannot list yields nothing
        const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
        const files = [];
        const dirs = [];
        for (const e of entries) {
            const full = path.join(dir, e.name);
            if (await isDir(full, e))
                dirs.push(full);
            else if (isImageName(e.name))
                files.push(e.name);
        }
        roots.push({ root: dir, files });
        for (const d of dirs) {
            const real = await realpath(d).catch(() => undefined);
            if (real === undefined)
                continue;
            if (chain.some((c) => c === real || c.startsWith(real + path.sep))) {
                warnings.push(`test-data: ${d} links back to ${real}, a folder that holds it; skipped it so that its images are not counted again`);
                continue;
            }
            await visit(d, [...chain, real]);
        }
    };
    await visit(top, [await realpath(top).catch(() => top)]);
    roots.sort((a, b) => byCodePoint(a.root, b.root));
    return roots.flatMap((r) => r.files.sort(byCodePoint).map((f) => path.join(r.root, f)));
}
/**
 * The largest image-size or crop whose one image fits: a side S makes at least S×S pixels, each 3
 * bytes of RGB and 3 float32 values (15 bytes) before batching, within this machine's memory and
 * within JavaScript's largest typed array (3·S² values).
 */
function maxImageSide(memory = totalmem()) {
    return Math.floor(Math.sqrt(Math.min(memory / 15, constants.MAX_LENGTH / 3)));
}
/**
 * An image's bytes. ImageFolder lists any name with an image extension, so it may be a FIFO (reading
 * it would wait forever) or a link to /dev/zero (forever, filling memory): only regular files are read.
 */
async function readImage(file) {
    const info = await stat(file);
    if (!info.isFile())
        throw new Error('not a regular file');
    return readFile(file);
}
/**
 * The decoder's complaint, first line, readable: libvips says "Unknown error" for a corrupt zlib
 * stream in a PNG (the fault campaign met it on one mutant in five) and ends some lines with ':'.
 */
function decodeReason(e) {
    const line = (e.message ?? String(e)).split('\n')[0].trim().replace(/:$/, '');
    return line === '' || line === 'Unknown error' ? 'corrupt or truncated image data' : line;
}
/** Python's round(): halves go to the even neighbour (torchvision's CenterCrop uses it). */
function roundHalfEven(x) {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
/**
 * ToTensor + Normalize in float32, as torch computes them: each step rounded to float32 (one
 * rounding of the float64 result instead differs by an ulp for about two thirds of the byte values).
 */
function normalised(v8, mean, std) {
    const f = Math.fround;
    return f(f(f(v8 / 255) - f(mean)) / f(std));
}
/** torchvision Resize(int): the shorter side becomes `size`, the longer int(size * long / short). */
function resizedSize(w, h, size) {
    if (w <= h)
        return [size, Math.trunc((size * h) / w)];
    return [Math.trunc((size * w) / h), size];
}
async function openImageFolder(root, options) {
    let files;
    let rawLabels;
    let classNames;
    const warnings = [];
    const labelsCsv = path.join(root, 'labels.csv');
    const hasCsv = await stat(labelsCsv).then((s) => s.isFile(), () => false);
    if (hasCsv) {
        const rows = parse(await readFile(labelsCsv), { columns: true, bom: true, skip_empty_lines: true, trim: true });
        if (rows.length === 0 || !('file' in rows[0]) || !('label' in rows[0])) {
            throw new DataError(`test-data: ${labelsCsv} needs a header 'file,label' and one row per image`, 'test-data');
        }
        files = rows.map((r) => path.join(root, r.file));
        rawLabels = rows.map((r) => r.label);
        // Whole-number labels are class indices as they stand: naming classes after the labels found
        // would shift every index above a class absent from the test set (and sort '10' before '2').
        const indices = rawLabels.every((l) => /^\d+$/.test(l.trim()));
        classNames = options.classNames ?? (indices ? undefined : [...new Set(rawLabels)].sort(byCodePoint));
    }
    else {
        // find_classes: os.scandir entries whose is_dir() is true, so a linked class folder counts
        const entries = await readdir(root, { withFileTypes: true });
        const classes = [];
        for (const e of entries)
            if (await isDir(path.join(root, e.name), e))
                classes.push(e.name);
        classes.sort(byCodePoint);
        if (classes.length === 0) {
            throw new DataError(`test-data: ${root} has no class folders; lay it out as <root>/<class>/<image> (torchvision ImageFolder) or add a labels.csv (file,label)`, 'test-data');
        }
        if (options.classNames && options.classNames.join('\n') !== classes.join('\n')) {
            const missing = classes.filter((c) => !options.classNames.includes(c));
            if (missing.length > 0)
                throw new InputError(`class-names does not list the folder${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${root}; list every class folder, in the model's order`, 'class-names');
        }
        classNames = options.classNames ?? classes;
        files = [];
        rawLabels = [];
        for (const c of classes) {
            const inClass = await walk(path.join(root, c), warnings);
            files.push(...inClass);
            rawLabels.push(...inClass.map(() => c));
        }
    }
    if (files.length === 0)
        throw new DataError(`test-data: ${root} holds no images (${IMAGE_EXTENSIONS.join(', ')})`, 'test-data');
    const set = new ImageFolderSet(root, files, rawLabels, classNames, options, warnings);
    await set.prepare();
    return set;
}
class ImageFolderSet {
    path;
    files;
    labels;
    classNames;
    options;
    listWarnings;
    size;
    channels;
    skippedFiles = [];
    /** Every skipped file, full path: the test-set hash covers the files evaluated, no others. */
    skippedPaths = new Set();
    saturated = new Set();
    constructor(path, files, labels, classNames, options, listWarnings = []) {
        this.path = path;
        this.files = files;
        this.labels = labels;
        this.classNames = classNames;
        this.options = options;
        this.listWarnings = listWarnings;
        this.size = files.length;
        this.channels = options.channels === 'grayscale' ? 1 : 3;
        const max = maxImageSide();
        for (const [name, side] of [['image-size', options.imageSize], ['crop', options.crop]]) {
            if (side !== undefined && side > max) {
                throw new InputError(`${name} ${side} would make every image at least ${side}×${side} pixels (${(side * side * 15 / 1e9).toPrecision(3)} GB as RGB and float32), more than fits here (${(totalmem() / 1e9).toFixed(1)} GB of memory, and 3·side² values in one array); lower ${name} (at most ${max} here)`, name);
            }
        }
        if (options.channels !== undefined)
            this.checkNormalisation('');
    }
    /** mean/std: one value for every channel, or one per channel. */
    checkNormalisation(from) {
        const o = this.options;
        for (const [name, values] of [['mean', o.mean], ['std', o.std]]) {
            if (values && values.length !== 1 && values.length !== this.channels) {
                throw new InputError(`${name} has ${values.length} values but the images have ${this.channels} channel(s)${from}; give one value, or one per channel`, name);
            }
        }
    }
    /** channels left empty: take them from the model input ([N, C, H, W] or [N, H, W, C]). */
    adapt(inputShape) {
        if (this.options.channels !== undefined)
            return;
        const c = inputShape.length !== 4 ? undefined : this.options.layout === 'NCHW' ? inputShape[1] : inputShape[3];
        if (c === 1 || c === 3)
            this.channels = c;
        this.checkNormalisation(c === 1 || c === 3 ? `, as the model input [${inputShape.join(', ')}] takes (channels left empty)` : '');
    }
    /** What the listing and decoding noticed (links skipped, 16-bit files saturated), for the log. */
    warnings() {
        const out = [...this.listWarnings];
        if (this.saturated.size > 0) {
            const first = [...this.saturated].sort(byCodePoint)[0];
            out.push(`test-data: ${this.saturated.size} 16-bit grayscale image(s) come out almost white, e.g. ${first}: Pillow's convert('RGB'), which torchvision's ImageFolder applies, clips 16-bit values to 255, and model-gate does the same so that the numbers are what torchvision gives; convert them to 8-bit if the model was trained on scaled ones`);
        }
        return out;
    }
    get sampleShape() {
        const [h, w] = this.side();
        return this.options.layout === 'NCHW' ? [this.channels, h, w] : [h, w, this.channels];
    }
    /** The files that became samples, in sample order (skip-bad-files leaves some out). */
    kept = [];
    sampleFile(index) {
        return this.kept[index];
    }
    skipped() {
        return { count: this.skippedPaths.size, files: this.skippedFiles };
    }
    /** The files evaluated: one skipped with skip-bad-files may not even be readable (a dangling link). */
    sha256() {
        return sha256Files(this.files.filter((f) => !this.skippedPaths.has(f)).map((f) => ({ name: path.relative(this.path, f), path: f })));
    }
    sideCache;
    side() {
        if (this.sideCache)
            return this.sideCache;
        const crop = this.options.crop;
        if (crop !== undefined)
            return (this.sideCache = [crop, crop]);
        throw new Error('image size is known after the first image is read');
    }
    async firstSide() {
        if (this.sideCache || this.options.crop !== undefined)
            return;
        // Without a crop every image must come out the same size: the first one's says which.
        for (const f of this.files) {
            try {
                const m = await imageDimensions(await readImage(f));
                const [w, h] = this.options.imageSize ? resizedSize(m.width, m.height, this.options.imageSize) : [m.width, m.height];
                this.sideCache = [h, w];
                return;
            }
            catch {
                // a bad file: decode() reports or skips it
            }
        }
        throw new DataError(`test-data: no image in ${this.path} could be decoded`, 'test-data');
    }
    async prepare() {
        await this.firstSide();
    }
    /** What every image comes out as: the workers get the same. */
    spec() {
        const [h, w] = this.side();
        const o = this.options;
        return { h, w, imageSize: o.imageSize, crop: o.crop, channels: this.channels, nchw: o.layout === 'NCHW', mean: o.mean, std: o.std };
    }
    /** One image → normalised float32 in the set's layout, or a DataError naming the file. */
    decode(file, into, at) {
        return decodeImage(file, this.spec(), this.lookup(), into, at, () => this.saturated.add(path.relative(this.path, file)));
    }
    lut;
    /** ToTensor's /255 then Normalize, for each 8-bit value and channel: 256 entries instead of a division per pixel. */
    lookup() {
        if (this.lut)
            return this.lut;
        this.lut = lookupTables(this.options.mean, this.options.std);
        return this.lut;
    }
    /** Files decoded ahead in a worker while the model loads (prefetch), for the spec they were decoded with. */
    ahead;
    workers = 0;
    /**
     * Starts decoding the first `count` files in a worker thread: onnxruntime creates a session on
     * the main thread, blocking it, so decoding there would wait. The channels are the set's own until
     * the model says otherwise (adapt); files decoded for other channels are decoded again.
     */
    async prefetch(count) {
        if (!poolAvailable())
            return;
        let spec;
        try {
            spec = this.spec();
        }
        catch {
            return; // no image could be sized: batches() says so
        }
        void this.ahead?.pool.close();
        this.ahead = undefined;
        try {
            const pool = await DecodePool.start(spec, 1);
            const files = new Map(this.files.slice(0, count).map((f) => [f, pool.decode(f)]));
            for (const d of files.values())
                d.catch(() => { }); // consumed by batches(), or dropped with the run
            this.ahead = { spec, pool, files };
        }
        catch {
            // no worker (a platform without threads): batches() decodes on the main thread
        }
    }
    /** Decode on `workers` worker threads (the model runs on a GPU), with the next batch in flight. */
    parallel(workers) {
        this.workers = poolAvailable() ? workers : 0;
        return this.workers > 0;
    }
    async *batches(batchSize) {
        await this.firstSide();
        if (this.options.channels === undefined)
            this.checkNormalisation('');
        const per = this.sampleShape.reduce((a, b) => a * b, 1);
        const spec = this.spec();
        const ahead = this.ahead && sameSpec(this.ahead.spec, spec) ? this.ahead : undefined;
        if (this.ahead && !ahead)
            void this.ahead.pool.close();
        this.ahead = undefined;
        let pool;
        if (this.workers > 0) {
            if (ahead)
                ahead.pool.grow(this.workers);
            pool = ahead?.pool ?? (await DecodePool.start(spec, this.workers));
        }
        const early = ahead?.files ?? new Map();
        const place = (file, d, features, at) => {
            if (d.saturated)
                this.saturated.add(path.relative(this.path, file));
            const e = decodedError(d);
            if (e)
                throw e;
            features.set(d.data, at);
        };
        // On the main thread, batch b is decoded only once the engine has asked for it, after scoring
        // b − 2 (Batch.features): two full-size buffers take turns. A fresh ~20–40 MB array a batch cost
        // the kernel's page faults and zeroing on every first write (~4% of a ResNet18 photo run).
        const ring = [];
        const buffer = (start, samples) => pool || samples !== batchSize ? new Float32Array(samples * per) : (ring[(start / batchSize) % 2] ??= new Float32Array(samples * per));
        /** Starts decoding the batch at `start`: settled, never rejected (a batch decoded ahead may never be awaited). */
        const submit = (start) => {
            const chunk = this.files.slice(start, start + batchSize);
            const features = buffer(start, chunk.length);
            const outcomes = Promise.allSettled(chunk.map((f, i) => {
                const d = early.get(f);
                early.delete(f);
                if (d)
                    return d.then((r) => place(f, r, features, i * per));
                if (pool)
                    return pool.decode(f).then((r) => place(f, r, features, i * per));
                return this.decode(f, features, i * per);
            }));
            return { start, chunk, features, outcomes };
        };
        try {
            let offset = 0;
            let next = this.files.length > 0 ? submit(0) : undefined;
            while (next) {
                const { start, chunk, features } = next;
                const outcomes = await next.outcomes;
                const upcoming = start + batchSize < this.files.length ? start + batchSize : undefined;
                // workers decode the next batch while this one is scored (and the engine asks for the one
                // after); on the main thread, the next batch is decoded when the engine asks for it, as before
                next = pool && upcoming !== undefined ? submit(upcoming) : undefined;
                const later = () => (next ??= upcoming !== undefined ? submit(upcoming) : undefined);
                if (ahead && early.size === 0 && ahead.pool !== pool)
                    void ahead.pool.close();
                // In file order: the first bad file of a batch is the one reported, and skipped files are
                // listed in order, whichever decode finished first.
                const ok = [];
                for (const [i, o] of outcomes.entries()) {
                    if (o.status === 'fulfilled') {
                        ok.push(true);
                        continue;
                    }
                    const e = o.reason;
                    const f = chunk[i];
                    if (!(e instanceof DataError) || !this.options.skipBadFiles || e.input !== 'test-data')
                        throw e;
                    ok.push(false);
                    if (this.skippedPaths.has(f))
                        continue; // a second pass (the baseline model): counted once
                    this.skippedPaths.add(f);
                    if (this.skippedFiles.length < 20)
                        this.skippedFiles.push({ file: path.relative(this.path, f), reason: e.message.replace(/^test-data: cannot decode \S+ \(|\); replace.*$/g, '') });
                }
                const keep = ok.map((k, i) => (k ? i : -1)).filter((i) => i >= 0);
                if (keep.length === 0) {
                    later();
                    continue;
                }
                // Every pass reads the same files (the baseline reads the set again): record the first.
                if (this.kept.length === offset)
                    for (const i of keep)
                        this.kept.push(chunk[i]);
                const labels = keep.map((i) => this.labels[start + i]);
                const feats = keep.length === chunk.length ? features : Float32Array.from({ length: keep.length * per }, (_, j) => features[keep[Math.floor(j / per)] * per + (j % per)]);
                yield { features: feats, labels, size: keep.length, offset };
                offset += keep.length;
                later();
            }
        }
        finally {
            await Promise.all([pool?.close(), ahead && ahead.pool !== pool ? ahead.pool.close() : undefined]);
        }
    }
}
function sameSpec(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}
/** ToTensor's /255 then Normalize, for each 8-bit value and channel: 256 entries instead of a division per pixel. */
function lookupTables(mean = [0], std = [1]) {
    return [0, 1, 2].map((k) => Float32Array.from({ length: 256 }, (_, v) => normalised(v, mean[k % mean.length], std[k % std.length])));
}
/**
 * One image → normalised float32 in the set's layout at into[at…], or a DataError naming the file.
 * The same code on the main thread and in a decode worker (decode-worker.ts), so both give the same bytes.
 * @param saturated called when the file is 16-bit grayscale clipped to 255, for the warning
 */
async function decodeImage(file, spec, lut, into, at, saturated) {
    const { h, w } = spec;
    const o = spec;
    let data;
    let info;
    try {
        // sharp decodes (libjpeg-turbo, libpng, libwebp…) and pil-decode.ts converts to 8-bit RGB as
        // Pillow's convert('RGB') does; the resize is Pillow's own algorithm (pil-resize.ts, in
        // WebAssembly SIMD by pil-resize-wasm.ts), so it equals torchvision's byte for byte, and for
        // small images it is several times faster than a libvips resize call. The resized bytes may
        // live in the module's memory until the next resize: fillPixels below reads them first.
        // No EXIF auto-rotation: torchvision's PIL loader does not apply it either.
        const decoded = await decodeLikePillow(await readImage(file));
        if (decoded.saturated)
            saturated();
        data = decoded.data;
        info = { width: decoded.width, height: decoded.height };
        if (o.imageSize !== undefined && o.crop !== undefined) {
            // Resize then centre-crop, computed over the crop window only (the same bytes)
            const [rw, rh] = resizedSize(info.width, info.height, o.imageSize);
            if (o.crop > rw || o.crop > rh) {
                throw new DataError(`crop ${o.crop} is larger than ${file} (${rw}×${rh} after resizing); lower crop or raise image-size`, 'crop');
            }
            if (o.crop !== w || o.crop !== h)
                throw sizeMismatch(file, o.crop, o.crop, w, h);
            data = resizeWindow(data, info.width, info.height, rw, rh, roundHalfEven((rw - o.crop) / 2), roundHalfEven((rh - o.crop) / 2), o.crop, o.crop);
            info = { width: o.crop, height: o.crop };
        }
        else if (o.imageSize !== undefined) {
            const [rw, rh] = resizedSize(info.width, info.height, o.imageSize);
            data = resizeWindow(data, info.width, info.height, rw, rh, 0, 0, rw, rh);
            info = { width: rw, height: rh };
        }
        else if (o.crop !== undefined) {
            if (o.crop > info.width || o.crop > info.height) {
                throw new DataError(`crop ${o.crop} is larger than ${file} (${info.width}×${info.height}); lower crop or raise image-size`, 'crop');
            }
            data = cropRgb(data, info.width, roundHalfEven((info.width - o.crop) / 2), roundHalfEven((info.height - o.crop) / 2), o.crop);
            info = { width: o.crop, height: o.crop };
        }
    }
    catch (e) {
        if (e instanceof DataError)
            throw e;
        throw new DataError(`test-data: cannot decode ${file} (${decodeReason(e)}); replace or remove it, or set skip-bad-files: true`, 'test-data');
    }
    if (info.width !== w || info.height !== h)
        throw sizeMismatch(file, info.width, info.height, w, h);
    fillPixels(into, at, data, h * w, spec.channels, spec.nchw, lut);
}
function sizeMismatch(file, width, height, w, h) {
    return new DataError(`test-data: ${file} is ${width}×${height} after preprocessing, the first image ${w}×${h}; set image-size and crop so that every image comes out the same size`, 'image-size');
}
/**
 * Interleaved 8-bit RGB → the model's float layout through per-channel lookup tables. A plain
 * function, not part of the async decode, so V8 optimises the loop on its own.
 */
function fillPixels(into, at, data, plane, c, nchw, lut) {
    if (c === 1) {
        // grayscale as PIL's convert('L'): ITU-R 601-2 luma with integer rounding
        const l0 = lut[0];
        for (let p = 0; p < plane; p++) {
            const q = p * 3;
            into[at + p] = l0[(data[q] * 19595 + data[q + 1] * 38470 + data[q + 2] * 7471 + 0x8000) >> 16];
        }
        return;
    }
    if (normaliseRgb(into, at, data, plane, nchw, lut))
        return;
    const l0 = lut[0];
    const l1 = lut[1];
    const l2 = lut[2];
    if (nchw) {
        for (let p = 0, q = 0; p < plane; p++, q += 3) {
            into[at + p] = l0[data[q]];
            into[at + plane + p] = l1[data[q + 1]];
            into[at + 2 * plane + p] = l2[data[q + 2]];
        }
        return;
    }
    for (let q = 0; q < plane * 3; q += 3) {
        into[at + q] = l0[data[q]];
        into[at + q + 1] = l1[data[q + 1]];
        into[at + q + 2] = l2[data[q + 2]];
    }
}
/** A size×size square of interleaved RGB starting at (left, top). */
function cropRgb(src, width, left, top, size) {
    const out = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++)
        out.set(src.subarray(((top + y) * width + left) * 3, ((top + y) * width + left + size) * 3), y * size * 3);
    return out;
}

export { CsvError as C, sha256Files as a, decodeImage as d, is_object as i, lookupTables as l, openImageFolder as o, sha256File as s, transform as t };
