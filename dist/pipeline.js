import { createRequire as __modelGateCreateRequire } from 'node:module';
const __modelGateRequire = __modelGateCreateRequire(import.meta.url);
import { readFileSync, existsSync, accessSync, constants, createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import require$$0$2 from 'worker_threads';
import { execFileSync } from 'node:child_process';
import { T as ThresholdError, I as InputError, M as ModelError, C as CudaUnavailable, D as DataError, R as RegistryError, S as ShardError, d as describeError, a as ModelGateError } from './errors.js';
import { mkdtemp, readFile, readdir, writeFile, open, mkdir } from 'node:fs/promises';
import { r as regularFileSync, M as MAX_TEXT_BYTES, f as formatBytes, a as regularFile, m as maxBufferBytes, s as sha256File, b as readTextFile } from './hash.js';
import require$$0 from 'process';
import require$$0$1 from 'buffer';
import { r as rowStats, a as argmax, i as initClassification, u as updateClassification, f as finalizeClassification, p as percentileInterval, B as BOOTSTRAP_DEFAULTS, b as bootstrapClassification, c as classificationLookup, D as DEFAULT_LEVEL, d as pairedBootstrapClassification, e as pairedBootstrapRegression, R as REGRESSION_METRICS, g as bootstrapRegression, h as bootstrapThreads } from './bootstrap.js';
import { g as groupText, p as parseColumnGroup } from './column-groups.js';
import { pipeline } from 'node:stream/promises';
import { tmpdir, availableParallelism } from 'node:os';
import { createHash, randomUUID } from 'node:crypto';
import { i as isModelDtype, M as MODEL_DTYPES, c as convertValues, f as float16, p as parseNpyHeader, d as decodeLabels } from './feeds.js';
import { r as readZipDirectory, M as MemberReader } from './zip.js';

/**
 * One rounding for prose and tables: 4 decimals, with 4 significant digits for magnitudes below
 * 1e-4 so that a small number never reads as 0. Full precision stays in metrics.json and outputs.
 */
function round4(v) {
    if (v === null || v === undefined || Number.isNaN(v))
        return '—';
    // whole numbers above 1 are counts (support, samples); 0 and 1 are scores and keep 4 decimals
    if (Number.isInteger(v) && Math.abs(v) > 1)
        return String(v);
    if (v !== 0 && Math.abs(v) < 1e-4)
        return v.toPrecision(4).replace('-', '−');
    return v.toFixed(4).replace('-', '−');
}
/** A signed change: +0.0123 or −0.0123. */
function signed4(v) {
    if (v === 0)
        return '±0';
    return v > 0 ? `+${round4(v)}` : `−${round4(-v)}`;
}
/** A p-value: 4 decimals, or scientific notation below 1e-4. */
function formatP$1(p) {
    return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}
/** Which inputs were fed from what, for models fed by name (several inputs, integer inputs); undefined otherwise. */
function inputsLine(inputs) {
    if (!inputs || !inputs.some((i) => i.data_dtype !== undefined))
        return undefined;
    const fed = inputs.map((i) => `\`${escapeInline(i.name)}\` (${i.dtype}) ← \`${escapeInline(i.source)}\` (${i.data_dtype ?? '?'} [${i.shape.join(', ')}])`);
    return `Inputs: ${fed.join('; ')}.`;
}
function escapeInline(s) {
    return s.replace(/[`|\r\n]/g, ' ');
}

var dist$1 = {};

var composer = {};

var directives = {};

var identity = {};

var hasRequiredIdentity;

function requireIdentity () {
	if (hasRequiredIdentity) return identity;
	hasRequiredIdentity = 1;

	const ALIAS = Symbol.for('yaml.alias');
	const DOC = Symbol.for('yaml.document');
	const MAP = Symbol.for('yaml.map');
	const PAIR = Symbol.for('yaml.pair');
	const SCALAR = Symbol.for('yaml.scalar');
	const SEQ = Symbol.for('yaml.seq');
	const NODE_TYPE = Symbol.for('yaml.node.type');
	const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
	const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
	const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
	const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
	const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR;
	const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
	function isCollection(node) {
	    if (node && typeof node === 'object')
	        switch (node[NODE_TYPE]) {
	            case MAP:
	            case SEQ:
	                return true;
	        }
	    return false;
	}
	function isNode(node) {
	    if (node && typeof node === 'object')
	        switch (node[NODE_TYPE]) {
	            case ALIAS:
	            case MAP:
	            case SCALAR:
	            case SEQ:
	                return true;
	        }
	    return false;
	}
	const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

	identity.ALIAS = ALIAS;
	identity.DOC = DOC;
	identity.MAP = MAP;
	identity.NODE_TYPE = NODE_TYPE;
	identity.PAIR = PAIR;
	identity.SCALAR = SCALAR;
	identity.SEQ = SEQ;
	identity.hasAnchor = hasAnchor;
	identity.isAlias = isAlias;
	identity.isCollection = isCollection;
	identity.isDocument = isDocument;
	identity.isMap = isMap;
	identity.isNode = isNode;
	identity.isPair = isPair;
	identity.isScalar = isScalar;
	identity.isSeq = isSeq;
	return identity;
}

var visit = {};

var hasRequiredVisit;

function requireVisit () {
	if (hasRequiredVisit) return visit;
	hasRequiredVisit = 1;

	var identity = requireIdentity();

	const BREAK = Symbol('break visit');
	const SKIP = Symbol('skip children');
	const REMOVE = Symbol('remove node');
	/**
	 * Apply a visitor to an AST node or document.
	 *
	 * Walks through the tree (depth-first) starting from `node`, calling a
	 * `visitor` function with three arguments:
	 *   - `key`: For sequence values and map `Pair`, the node's index in the
	 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
	 *     `null` for the root node.
	 *   - `node`: The current node.
	 *   - `path`: The ancestry of the current node.
	 *
	 * The return value of the visitor may be used to control the traversal:
	 *   - `undefined` (default): Do nothing and continue
	 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
	 *     sibling
	 *   - `visit.BREAK`: Terminate traversal completely
	 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
	 *   - `Node`: Replace the current node, then continue by visiting it
	 *   - `number`: While iterating the items of a sequence or map, set the index
	 *     of the next step. This is useful especially if the index of the current
	 *     node has changed.
	 *
	 * If `visitor` is a single function, it will be called with all values
	 * encountered in the tree, including e.g. `null` values. Alternatively,
	 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
	 * `Alias` and `Scalar` node. To define the same visitor function for more than
	 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
	 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
	 * specific defined one will be used for each node.
	 */
	function visit$1(node, visitor) {
	    const visitor_ = initVisitor(visitor);
	    if (identity.isDocument(node)) {
	        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
	        if (cd === REMOVE)
	            node.contents = null;
	    }
	    else
	        visit_(null, node, visitor_, Object.freeze([]));
	}
	// Without the `as symbol` casts, TS declares these in the `visit`
	// namespace using `var`, but then complains about that because
	// `unique symbol` must be `const`.
	/** Terminate visit traversal completely */
	visit$1.BREAK = BREAK;
	/** Do not visit the children of the current node */
	visit$1.SKIP = SKIP;
	/** Remove the current node */
	visit$1.REMOVE = REMOVE;
	function visit_(key, node, visitor, path) {
	    const ctrl = callVisitor(key, node, visitor, path);
	    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
	        replaceNode(key, path, ctrl);
	        return visit_(key, ctrl, visitor, path);
	    }
	    if (typeof ctrl !== 'symbol') {
	        if (identity.isCollection(node)) {
	            path = Object.freeze(path.concat(node));
	            for (let i = 0; i < node.items.length; ++i) {
	                const ci = visit_(i, node.items[i], visitor, path);
	                if (typeof ci === 'number')
	                    i = ci - 1;
	                else if (ci === BREAK)
	                    return BREAK;
	                else if (ci === REMOVE) {
	                    node.items.splice(i, 1);
	                    i -= 1;
	                }
	            }
	        }
	        else if (identity.isPair(node)) {
	            path = Object.freeze(path.concat(node));
	            const ck = visit_('key', node.key, visitor, path);
	            if (ck === BREAK)
	                return BREAK;
	            else if (ck === REMOVE)
	                node.key = null;
	            const cv = visit_('value', node.value, visitor, path);
	            if (cv === BREAK)
	                return BREAK;
	            else if (cv === REMOVE)
	                node.value = null;
	        }
	    }
	    return ctrl;
	}
	/**
	 * Apply an async visitor to an AST node or document.
	 *
	 * Walks through the tree (depth-first) starting from `node`, calling a
	 * `visitor` function with three arguments:
	 *   - `key`: For sequence values and map `Pair`, the node's index in the
	 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
	 *     `null` for the root node.
	 *   - `node`: The current node.
	 *   - `path`: The ancestry of the current node.
	 *
	 * The return value of the visitor may be used to control the traversal:
	 *   - `Promise`: Must resolve to one of the following values
	 *   - `undefined` (default): Do nothing and continue
	 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
	 *     sibling
	 *   - `visit.BREAK`: Terminate traversal completely
	 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
	 *   - `Node`: Replace the current node, then continue by visiting it
	 *   - `number`: While iterating the items of a sequence or map, set the index
	 *     of the next step. This is useful especially if the index of the current
	 *     node has changed.
	 *
	 * If `visitor` is a single function, it will be called with all values
	 * encountered in the tree, including e.g. `null` values. Alternatively,
	 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
	 * `Alias` and `Scalar` node. To define the same visitor function for more than
	 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
	 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
	 * specific defined one will be used for each node.
	 */
	async function visitAsync(node, visitor) {
	    const visitor_ = initVisitor(visitor);
	    if (identity.isDocument(node)) {
	        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
	        if (cd === REMOVE)
	            node.contents = null;
	    }
	    else
	        await visitAsync_(null, node, visitor_, Object.freeze([]));
	}
	// Without the `as symbol` casts, TS declares these in the `visit`
	// namespace using `var`, but then complains about that because
	// `unique symbol` must be `const`.
	/** Terminate visit traversal completely */
	visitAsync.BREAK = BREAK;
	/** Do not visit the children of the current node */
	visitAsync.SKIP = SKIP;
	/** Remove the current node */
	visitAsync.REMOVE = REMOVE;
	async function visitAsync_(key, node, visitor, path) {
	    const ctrl = await callVisitor(key, node, visitor, path);
	    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
	        replaceNode(key, path, ctrl);
	        return visitAsync_(key, ctrl, visitor, path);
	    }
	    if (typeof ctrl !== 'symbol') {
	        if (identity.isCollection(node)) {
	            path = Object.freeze(path.concat(node));
	            for (let i = 0; i < node.items.length; ++i) {
	                const ci = await visitAsync_(i, node.items[i], visitor, path);
	                if (typeof ci === 'number')
	                    i = ci - 1;
	                else if (ci === BREAK)
	                    return BREAK;
	                else if (ci === REMOVE) {
	                    node.items.splice(i, 1);
	                    i -= 1;
	                }
	            }
	        }
	        else if (identity.isPair(node)) {
	            path = Object.freeze(path.concat(node));
	            const ck = await visitAsync_('key', node.key, visitor, path);
	            if (ck === BREAK)
	                return BREAK;
	            else if (ck === REMOVE)
	                node.key = null;
	            const cv = await visitAsync_('value', node.value, visitor, path);
	            if (cv === BREAK)
	                return BREAK;
	            else if (cv === REMOVE)
	                node.value = null;
	        }
	    }
	    return ctrl;
	}
	function initVisitor(visitor) {
	    if (typeof visitor === 'object' &&
	        (visitor.Collection || visitor.Node || visitor.Value)) {
	        return Object.assign({
	            Alias: visitor.Node,
	            Map: visitor.Node,
	            Scalar: visitor.Node,
	            Seq: visitor.Node
	        }, visitor.Value && {
	            Map: visitor.Value,
	            Scalar: visitor.Value,
	            Seq: visitor.Value
	        }, visitor.Collection && {
	            Map: visitor.Collection,
	            Seq: visitor.Collection
	        }, visitor);
	    }
	    return visitor;
	}
	function callVisitor(key, node, visitor, path) {
	    if (typeof visitor === 'function')
	        return visitor(key, node, path);
	    if (identity.isMap(node))
	        return visitor.Map?.(key, node, path);
	    if (identity.isSeq(node))
	        return visitor.Seq?.(key, node, path);
	    if (identity.isPair(node))
	        return visitor.Pair?.(key, node, path);
	    if (identity.isScalar(node))
	        return visitor.Scalar?.(key, node, path);
	    if (identity.isAlias(node))
	        return visitor.Alias?.(key, node, path);
	    return undefined;
	}
	function replaceNode(key, path, node) {
	    const parent = path[path.length - 1];
	    if (identity.isCollection(parent)) {
	        parent.items[key] = node;
	    }
	    else if (identity.isPair(parent)) {
	        if (key === 'key')
	            parent.key = node;
	        else
	            parent.value = node;
	    }
	    else if (identity.isDocument(parent)) {
	        parent.contents = node;
	    }
	    else {
	        const pt = identity.isAlias(parent) ? 'alias' : 'scalar';
	        throw new Error(`Cannot replace node with ${pt} parent`);
	    }
	}

	visit.visit = visit$1;
	visit.visitAsync = visitAsync;
	return visit;
}

var hasRequiredDirectives;

function requireDirectives () {
	if (hasRequiredDirectives) return directives;
	hasRequiredDirectives = 1;

	var identity = requireIdentity();
	var visit = requireVisit();

	const escapeChars = {
	    '!': '%21',
	    ',': '%2C',
	    '[': '%5B',
	    ']': '%5D',
	    '{': '%7B',
	    '}': '%7D'
	};
	const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
	class Directives {
	    constructor(yaml, tags) {
	        /**
	         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
	         * included in the document's stringified representation.
	         */
	        this.docStart = null;
	        /** The doc-end marker `...`.  */
	        this.docEnd = false;
	        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
	        this.tags = Object.assign({}, Directives.defaultTags, tags);
	    }
	    clone() {
	        const copy = new Directives(this.yaml, this.tags);
	        copy.docStart = this.docStart;
	        return copy;
	    }
	    /**
	     * During parsing, get a Directives instance for the current document and
	     * update the stream state according to the current version's spec.
	     */
	    atDocument() {
	        const res = new Directives(this.yaml, this.tags);
	        switch (this.yaml.version) {
	            case '1.1':
	                this.atNextDocument = true;
	                break;
	            case '1.2':
	                this.atNextDocument = false;
	                this.yaml = {
	                    explicit: Directives.defaultYaml.explicit,
	                    version: '1.2'
	                };
	                this.tags = Object.assign({}, Directives.defaultTags);
	                break;
	        }
	        return res;
	    }
	    /**
	     * @param onError - May be called even if the action was successful
	     * @returns `true` on success
	     */
	    add(line, onError) {
	        if (this.atNextDocument) {
	            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
	            this.tags = Object.assign({}, Directives.defaultTags);
	            this.atNextDocument = false;
	        }
	        const parts = line.trim().split(/[ \t]+/);
	        const name = parts.shift();
	        switch (name) {
	            case '%TAG': {
	                if (parts.length !== 2) {
	                    onError(0, '%TAG directive should contain exactly two parts');
	                    if (parts.length < 2)
	                        return false;
	                }
	                const [handle, prefix] = parts;
	                this.tags[handle] = prefix;
	                return true;
	            }
	            case '%YAML': {
	                this.yaml.explicit = true;
	                if (parts.length !== 1) {
	                    onError(0, '%YAML directive should contain exactly one part');
	                    return false;
	                }
	                const [version] = parts;
	                if (version === '1.1' || version === '1.2') {
	                    this.yaml.version = version;
	                    return true;
	                }
	                else {
	                    const isValid = /^\d+\.\d+$/.test(version);
	                    onError(6, `Unsupported YAML version ${version}`, isValid);
	                    return false;
	                }
	            }
	            default:
	                onError(0, `Unknown directive ${name}`, true);
	                return false;
	        }
	    }
	    /**
	     * Resolves a tag, matching handles to those defined in %TAG directives.
	     *
	     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
	     *   `'!local'` tag, or `null` if unresolvable.
	     */
	    tagName(source, onError) {
	        if (source === '!')
	            return '!'; // non-specific tag
	        if (source[0] !== '!') {
	            onError(`Not a valid tag: ${source}`);
	            return null;
	        }
	        if (source[1] === '<') {
	            const verbatim = source.slice(2, -1);
	            if (verbatim === '!' || verbatim === '!!') {
	                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
	                return null;
	            }
	            if (source[source.length - 1] !== '>')
	                onError('Verbatim tags must end with a >');
	            return verbatim;
	        }
	        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
	        if (!suffix)
	            onError(`The ${source} tag has no suffix`);
	        const prefix = this.tags[handle];
	        if (prefix) {
	            try {
	                return prefix + decodeURIComponent(suffix);
	            }
	            catch (error) {
	                onError(String(error));
	                return null;
	            }
	        }
	        if (handle === '!')
	            return source; // local tag
	        onError(`Could not resolve tag: ${source}`);
	        return null;
	    }
	    /**
	     * Given a fully resolved tag, returns its printable string form,
	     * taking into account current tag prefixes and defaults.
	     */
	    tagString(tag) {
	        for (const [handle, prefix] of Object.entries(this.tags)) {
	            if (tag.startsWith(prefix))
	                return handle + escapeTagName(tag.substring(prefix.length));
	        }
	        return tag[0] === '!' ? tag : `!<${tag}>`;
	    }
	    toString(doc) {
	        const lines = this.yaml.explicit
	            ? [`%YAML ${this.yaml.version || '1.2'}`]
	            : [];
	        const tagEntries = Object.entries(this.tags);
	        let tagNames;
	        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
	            const tags = {};
	            visit.visit(doc.contents, (_key, node) => {
	                if (identity.isNode(node) && node.tag)
	                    tags[node.tag] = true;
	            });
	            tagNames = Object.keys(tags);
	        }
	        else
	            tagNames = [];
	        for (const [handle, prefix] of tagEntries) {
	            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
	                continue;
	            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
	                lines.push(`%TAG ${handle} ${prefix}`);
	        }
	        return lines.join('\n');
	    }
	}
	Directives.defaultYaml = { explicit: false, version: '1.2' };
	Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

	directives.Directives = Directives;
	return directives;
}

var Document = {};

var Alias = {};

var anchors = {};

var hasRequiredAnchors;

function requireAnchors () {
	if (hasRequiredAnchors) return anchors;
	hasRequiredAnchors = 1;

	var identity = requireIdentity();
	var visit = requireVisit();

	/**
	 * Verify that the input string is a valid anchor.
	 *
	 * Will throw on errors.
	 */
	function anchorIsValid(anchor) {
	    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
	        const sa = JSON.stringify(anchor);
	        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
	        throw new Error(msg);
	    }
	    return true;
	}
	function anchorNames(root) {
	    const anchors = new Set();
	    visit.visit(root, {
	        Value(_key, node) {
	            if (node.anchor)
	                anchors.add(node.anchor);
	        }
	    });
	    return anchors;
	}
	/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
	function findNewAnchor(prefix, exclude) {
	    for (let i = 1; true; ++i) {
	        const name = `${prefix}${i}`;
	        if (!exclude.has(name))
	            return name;
	    }
	}
	function createNodeAnchors(doc, prefix) {
	    const aliasObjects = [];
	    const sourceObjects = new Map();
	    let prevAnchors = null;
	    return {
	        onAnchor: (source) => {
	            aliasObjects.push(source);
	            prevAnchors ?? (prevAnchors = anchorNames(doc));
	            const anchor = findNewAnchor(prefix, prevAnchors);
	            prevAnchors.add(anchor);
	            return anchor;
	        },
	        /**
	         * With circular references, the source node is only resolved after all
	         * of its child nodes are. This is why anchors are set only after all of
	         * the nodes have been created.
	         */
	        setAnchors: () => {
	            for (const source of aliasObjects) {
	                const ref = sourceObjects.get(source);
	                if (typeof ref === 'object' &&
	                    ref.anchor &&
	                    (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
	                    ref.node.anchor = ref.anchor;
	                }
	                else {
	                    const error = new Error('Failed to resolve repeated object (this should not happen)');
	                    error.source = source;
	                    throw error;
	                }
	            }
	        },
	        sourceObjects
	    };
	}

	anchors.anchorIsValid = anchorIsValid;
	anchors.anchorNames = anchorNames;
	anchors.createNodeAnchors = createNodeAnchors;
	anchors.findNewAnchor = findNewAnchor;
	return anchors;
}

var Node = {};

var applyReviver = {};

var hasRequiredApplyReviver;

function requireApplyReviver () {
	if (hasRequiredApplyReviver) return applyReviver;
	hasRequiredApplyReviver = 1;

	/**
	 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
	 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
	 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
	 *
	 * Includes extensions for handling Map and Set objects.
	 */
	function applyReviver$1(reviver, obj, key, val) {
	    if (val && typeof val === 'object') {
	        if (Array.isArray(val)) {
	            for (let i = 0, len = val.length; i < len; ++i) {
	                const v0 = val[i];
	                const v1 = applyReviver$1(reviver, val, String(i), v0);
	                // eslint-disable-next-line @typescript-eslint/no-array-delete
	                if (v1 === undefined)
	                    delete val[i];
	                else if (v1 !== v0)
	                    val[i] = v1;
	            }
	        }
	        else if (val instanceof Map) {
	            for (const k of Array.from(val.keys())) {
	                const v0 = val.get(k);
	                const v1 = applyReviver$1(reviver, val, k, v0);
	                if (v1 === undefined)
	                    val.delete(k);
	                else if (v1 !== v0)
	                    val.set(k, v1);
	            }
	        }
	        else if (val instanceof Set) {
	            for (const v0 of Array.from(val)) {
	                const v1 = applyReviver$1(reviver, val, v0, v0);
	                if (v1 === undefined)
	                    val.delete(v0);
	                else if (v1 !== v0) {
	                    val.delete(v0);
	                    val.add(v1);
	                }
	            }
	        }
	        else {
	            for (const [k, v0] of Object.entries(val)) {
	                const v1 = applyReviver$1(reviver, val, k, v0);
	                if (v1 === undefined)
	                    delete val[k];
	                else if (v1 !== v0)
	                    val[k] = v1;
	            }
	        }
	    }
	    return reviver.call(obj, key, val);
	}

	applyReviver.applyReviver = applyReviver$1;
	return applyReviver;
}

var toJS = {};

var hasRequiredToJS;

function requireToJS () {
	if (hasRequiredToJS) return toJS;
	hasRequiredToJS = 1;

	var identity = requireIdentity();

	/**
	 * Recursively convert any node or its contents to native JavaScript
	 *
	 * @param value - The input value
	 * @param arg - If `value` defines a `toJSON()` method, use this
	 *   as its first argument
	 * @param ctx - Conversion context, originally set in Document#toJS(). If
	 *   `{ keep: true }` is not set, output should be suitable for JSON
	 *   stringification.
	 */
	function toJS$1(value, arg, ctx) {
	    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
	    if (Array.isArray(value))
	        return value.map((v, i) => toJS$1(v, String(i), ctx));
	    if (value && typeof value.toJSON === 'function') {
	        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
	        if (!ctx || !identity.hasAnchor(value))
	            return value.toJSON(arg, ctx);
	        const data = { aliasCount: 0, count: 1, res: undefined };
	        ctx.anchors.set(value, data);
	        ctx.onCreate = res => {
	            data.res = res;
	            delete ctx.onCreate;
	        };
	        const res = value.toJSON(arg, ctx);
	        if (ctx.onCreate)
	            ctx.onCreate(res);
	        return res;
	    }
	    if (typeof value === 'bigint' && !ctx?.keep)
	        return Number(value);
	    return value;
	}

	toJS.toJS = toJS$1;
	return toJS;
}

var hasRequiredNode;

function requireNode () {
	if (hasRequiredNode) return Node;
	hasRequiredNode = 1;

	var applyReviver = requireApplyReviver();
	var identity = requireIdentity();
	var toJS = requireToJS();

	class NodeBase {
	    constructor(type) {
	        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
	    }
	    /** Create a copy of this node.  */
	    clone() {
	        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
	        if (this.range)
	            copy.range = this.range.slice();
	        return copy;
	    }
	    /** A plain JavaScript representation of this node. */
	    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
	        if (!identity.isDocument(doc))
	            throw new TypeError('A document argument is required');
	        const ctx = {
	            anchors: new Map(),
	            doc,
	            keep: true,
	            mapAsMap: mapAsMap === true,
	            mapKeyWarned: false,
	            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
	        };
	        const res = toJS.toJS(this, '', ctx);
	        if (typeof onAnchor === 'function')
	            for (const { count, res } of ctx.anchors.values())
	                onAnchor(res, count);
	        return typeof reviver === 'function'
	            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
	            : res;
	    }
	}

	Node.NodeBase = NodeBase;
	return Node;
}

var hasRequiredAlias;

function requireAlias () {
	if (hasRequiredAlias) return Alias;
	hasRequiredAlias = 1;

	var anchors = requireAnchors();
	var visit = requireVisit();
	var identity = requireIdentity();
	var Node = requireNode();
	var toJS = requireToJS();

	let Alias$1 = class Alias extends Node.NodeBase {
	    constructor(source) {
	        super(identity.ALIAS);
	        this.source = source;
	        Object.defineProperty(this, 'tag', {
	            set() {
	                throw new Error('Alias nodes cannot have tags');
	            }
	        });
	    }
	    /**
	     * Resolve the value of this alias within `doc`, finding the last
	     * instance of the `source` anchor before this node.
	     */
	    resolve(doc, ctx) {
	        if (ctx?.maxAliasCount === 0)
	            throw new ReferenceError('Alias resolution is disabled');
	        let nodes;
	        if (ctx?.aliasResolveCache) {
	            nodes = ctx.aliasResolveCache;
	        }
	        else {
	            nodes = [];
	            visit.visit(doc, {
	                Node: (_key, node) => {
	                    if (identity.isAlias(node) || identity.hasAnchor(node))
	                        nodes.push(node);
	                }
	            });
	            if (ctx)
	                ctx.aliasResolveCache = nodes;
	        }
	        let found = undefined;
	        for (const node of nodes) {
	            if (node === this)
	                break;
	            if (node.anchor === this.source)
	                found = node;
	        }
	        if (found && ctx) {
	            const { anchors, doc, maxAliasCount } = ctx;
	            let data = anchors.get(found);
	            if (!data) {
	                // Resolve anchors for Node.prototype.toJS()
	                toJS.toJS(found, null, ctx);
	                data = anchors.get(found);
	            }
	            /* istanbul ignore if */
	            if (data?.res === undefined) {
	                const msg = 'This should not happen: Alias anchor was not resolved?';
	                throw new ReferenceError(msg);
	            }
	            if (maxAliasCount >= 0) {
	                data.count += 1;
	                if (data.aliasCount === 0)
	                    data.aliasCount = getAliasCount(doc, found, anchors);
	                if (data.count * data.aliasCount > maxAliasCount) {
	                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
	                    throw new ReferenceError(msg);
	                }
	            }
	        }
	        return found;
	    }
	    toJSON(_arg, ctx) {
	        if (!ctx)
	            return { source: this.source };
	        const source = this.resolve(ctx.doc, ctx);
	        if (!source) {
	            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
	            throw new ReferenceError(msg);
	        }
	        return ctx.anchors.get(source).res;
	    }
	    toString(ctx, _onComment, _onChompKeep) {
	        const src = `*${this.source}`;
	        if (ctx) {
	            anchors.anchorIsValid(this.source);
	            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
	                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
	                throw new Error(msg);
	            }
	            if (ctx.implicitKey)
	                return `${src} `;
	        }
	        return src;
	    }
	};
	function getAliasCount(doc, node, anchors) {
	    if (identity.isAlias(node)) {
	        const source = node.resolve(doc);
	        const anchor = anchors && source && anchors.get(source);
	        return anchor ? anchor.count * anchor.aliasCount : 0;
	    }
	    else if (identity.isCollection(node)) {
	        let count = 0;
	        for (const item of node.items) {
	            const c = getAliasCount(doc, item, anchors);
	            if (c > count)
	                count = c;
	        }
	        return count;
	    }
	    else if (identity.isPair(node)) {
	        const kc = getAliasCount(doc, node.key, anchors);
	        const vc = getAliasCount(doc, node.value, anchors);
	        return Math.max(kc, vc);
	    }
	    return 1;
	}

	Alias.Alias = Alias$1;
	return Alias;
}

var Collection = {};

var createNode = {};

var Scalar = {};

var hasRequiredScalar;

function requireScalar () {
	if (hasRequiredScalar) return Scalar;
	hasRequiredScalar = 1;

	var identity = requireIdentity();
	var Node = requireNode();
	var toJS = requireToJS();

	const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
	let Scalar$1 = class Scalar extends Node.NodeBase {
	    constructor(value) {
	        super(identity.SCALAR);
	        this.value = value;
	    }
	    toJSON(arg, ctx) {
	        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
	    }
	    toString() {
	        return String(this.value);
	    }
	};
	Scalar$1.BLOCK_FOLDED = 'BLOCK_FOLDED';
	Scalar$1.BLOCK_LITERAL = 'BLOCK_LITERAL';
	Scalar$1.PLAIN = 'PLAIN';
	Scalar$1.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
	Scalar$1.QUOTE_SINGLE = 'QUOTE_SINGLE';

	Scalar.Scalar = Scalar$1;
	Scalar.isScalarValue = isScalarValue;
	return Scalar;
}

var hasRequiredCreateNode;

function requireCreateNode () {
	if (hasRequiredCreateNode) return createNode;
	hasRequiredCreateNode = 1;

	var Alias = requireAlias();
	var identity = requireIdentity();
	var Scalar = requireScalar();

	const defaultTagPrefix = 'tag:yaml.org,2002:';
	function findTagObject(value, tagName, tags) {
	    if (tagName) {
	        const match = tags.filter(t => t.tag === tagName);
	        const tagObj = match.find(t => !t.format) ?? match[0];
	        if (!tagObj)
	            throw new Error(`Tag ${tagName} not found`);
	        return tagObj;
	    }
	    return tags.find(t => t.identify?.(value) && !t.format);
	}
	function createNode$1(value, tagName, ctx) {
	    if (identity.isDocument(value))
	        value = value.contents;
	    if (identity.isNode(value))
	        return value;
	    if (identity.isPair(value)) {
	        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
	        map.items.push(value);
	        return map;
	    }
	    if (value instanceof String ||
	        value instanceof Number ||
	        value instanceof Boolean ||
	        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
	    ) {
	        // https://tc39.es/ecma262/#sec-serializejsonproperty
	        value = value.valueOf();
	    }
	    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
	    // Detect duplicate references to the same object & use Alias nodes for all
	    // after first. The `ref` wrapper allows for circular references to resolve.
	    let ref = undefined;
	    if (aliasDuplicateObjects && value && typeof value === 'object') {
	        ref = sourceObjects.get(value);
	        if (ref) {
	            ref.anchor ?? (ref.anchor = onAnchor(value));
	            return new Alias.Alias(ref.anchor);
	        }
	        else {
	            ref = { anchor: null, node: null };
	            sourceObjects.set(value, ref);
	        }
	    }
	    if (tagName?.startsWith('!!'))
	        tagName = defaultTagPrefix + tagName.slice(2);
	    let tagObj = findTagObject(value, tagName, schema.tags);
	    if (!tagObj) {
	        if (value && typeof value.toJSON === 'function') {
	            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
	            value = value.toJSON();
	        }
	        if (!value || typeof value !== 'object') {
	            const node = new Scalar.Scalar(value);
	            if (ref)
	                ref.node = node;
	            return node;
	        }
	        tagObj =
	            value instanceof Map
	                ? schema[identity.MAP]
	                : Symbol.iterator in Object(value)
	                    ? schema[identity.SEQ]
	                    : schema[identity.MAP];
	    }
	    if (onTagObj) {
	        onTagObj(tagObj);
	        delete ctx.onTagObj;
	    }
	    const node = tagObj?.createNode
	        ? tagObj.createNode(ctx.schema, value, ctx)
	        : typeof tagObj?.nodeClass?.from === 'function'
	            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
	            : new Scalar.Scalar(value);
	    if (tagName)
	        node.tag = tagName;
	    else if (!tagObj.default)
	        node.tag = tagObj.tag;
	    if (ref)
	        ref.node = node;
	    return node;
	}

	createNode.createNode = createNode$1;
	return createNode;
}

var hasRequiredCollection;

function requireCollection () {
	if (hasRequiredCollection) return Collection;
	hasRequiredCollection = 1;

	var createNode = requireCreateNode();
	var identity = requireIdentity();
	var Node = requireNode();

	function collectionFromPath(schema, path, value) {
	    let v = value;
	    for (let i = path.length - 1; i >= 0; --i) {
	        const k = path[i];
	        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
	            const a = [];
	            a[k] = v;
	            v = a;
	        }
	        else {
	            v = new Map([[k, v]]);
	        }
	    }
	    return createNode.createNode(v, undefined, {
	        aliasDuplicateObjects: false,
	        keepUndefined: false,
	        onAnchor: () => {
	            throw new Error('This should not happen, please report a bug.');
	        },
	        schema,
	        sourceObjects: new Map()
	    });
	}
	// Type guard is intentionally a little wrong so as to be more useful,
	// as it does not cover untypable empty non-string iterables (e.g. []).
	const isEmptyPath = (path) => path == null ||
	    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
	let Collection$1 = class Collection extends Node.NodeBase {
	    constructor(type, schema) {
	        super(type);
	        Object.defineProperty(this, 'schema', {
	            value: schema,
	            configurable: true,
	            enumerable: false,
	            writable: true
	        });
	    }
	    /**
	     * Create a copy of this collection.
	     *
	     * @param schema - If defined, overwrites the original's schema
	     */
	    clone(schema) {
	        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
	        if (schema)
	            copy.schema = schema;
	        copy.items = copy.items.map(it => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
	        if (this.range)
	            copy.range = this.range.slice();
	        return copy;
	    }
	    /**
	     * Adds a value to the collection. For `!!map` and `!!omap` the value must
	     * be a Pair instance or a `{ key, value }` object, which may not have a key
	     * that already exists in the map.
	     */
	    addIn(path, value) {
	        if (isEmptyPath(path))
	            this.add(value);
	        else {
	            const [key, ...rest] = path;
	            const node = this.get(key, true);
	            if (identity.isCollection(node))
	                node.addIn(rest, value);
	            else if (node === undefined && this.schema)
	                this.set(key, collectionFromPath(this.schema, rest, value));
	            else
	                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
	        }
	    }
	    /**
	     * Removes a value from the collection.
	     * @returns `true` if the item was found and removed.
	     */
	    deleteIn(path) {
	        const [key, ...rest] = path;
	        if (rest.length === 0)
	            return this.delete(key);
	        const node = this.get(key, true);
	        if (identity.isCollection(node))
	            return node.deleteIn(rest);
	        else
	            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
	    }
	    /**
	     * Returns item at `key`, or `undefined` if not found. By default unwraps
	     * scalar values from their surrounding node; to disable set `keepScalar` to
	     * `true` (collections are always returned intact).
	     */
	    getIn(path, keepScalar) {
	        const [key, ...rest] = path;
	        const node = this.get(key, true);
	        if (rest.length === 0)
	            return !keepScalar && identity.isScalar(node) ? node.value : node;
	        else
	            return identity.isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
	    }
	    hasAllNullValues(allowScalar) {
	        return this.items.every(node => {
	            if (!identity.isPair(node))
	                return false;
	            const n = node.value;
	            return (n == null ||
	                (allowScalar &&
	                    identity.isScalar(n) &&
	                    n.value == null &&
	                    !n.commentBefore &&
	                    !n.comment &&
	                    !n.tag));
	        });
	    }
	    /**
	     * Checks if the collection includes a value with the key `key`.
	     */
	    hasIn(path) {
	        const [key, ...rest] = path;
	        if (rest.length === 0)
	            return this.has(key);
	        const node = this.get(key, true);
	        return identity.isCollection(node) ? node.hasIn(rest) : false;
	    }
	    /**
	     * Sets a value in this collection. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     */
	    setIn(path, value) {
	        const [key, ...rest] = path;
	        if (rest.length === 0) {
	            this.set(key, value);
	        }
	        else {
	            const node = this.get(key, true);
	            if (identity.isCollection(node))
	                node.setIn(rest, value);
	            else if (node === undefined && this.schema)
	                this.set(key, collectionFromPath(this.schema, rest, value));
	            else
	                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
	        }
	    }
	};

	Collection.Collection = Collection$1;
	Collection.collectionFromPath = collectionFromPath;
	Collection.isEmptyPath = isEmptyPath;
	return Collection;
}

var Pair = {};

var stringifyPair = {};

var stringify = {};

var stringifyComment = {};

var hasRequiredStringifyComment;

function requireStringifyComment () {
	if (hasRequiredStringifyComment) return stringifyComment;
	hasRequiredStringifyComment = 1;

	/**
	 * Stringifies a comment.
	 *
	 * Empty comment lines are left empty,
	 * lines consisting of a single space are replaced by `#`,
	 * and all other lines are prefixed with a `#`.
	 */
	const stringifyComment$1 = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
	function indentComment(comment, indent) {
	    if (/^\n+$/.test(comment))
	        return comment.substring(1);
	    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
	}
	const lineComment = (str, indent, comment) => str.endsWith('\n')
	    ? indentComment(comment, indent)
	    : comment.includes('\n')
	        ? '\n' + indentComment(comment, indent)
	        : (str.endsWith(' ') ? '' : ' ') + comment;

	stringifyComment.indentComment = indentComment;
	stringifyComment.lineComment = lineComment;
	stringifyComment.stringifyComment = stringifyComment$1;
	return stringifyComment;
}

var stringifyString = {};

var foldFlowLines = {};

var hasRequiredFoldFlowLines;

function requireFoldFlowLines () {
	if (hasRequiredFoldFlowLines) return foldFlowLines;
	hasRequiredFoldFlowLines = 1;

	const FOLD_FLOW = 'flow';
	const FOLD_BLOCK = 'block';
	const FOLD_QUOTED = 'quoted';
	/**
	 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
	 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
	 * terminated with `\n` and started with `indent`.
	 */
	function foldFlowLines$1(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
	    if (!lineWidth || lineWidth < 0)
	        return text;
	    if (lineWidth < minContentWidth)
	        minContentWidth = 0;
	    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
	    if (text.length <= endStep)
	        return text;
	    const folds = [];
	    const escapedFolds = {};
	    let end = lineWidth - indent.length;
	    if (typeof indentAtStart === 'number') {
	        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
	            folds.push(0);
	        else
	            end = lineWidth - indentAtStart;
	    }
	    let split = undefined;
	    let prev = undefined;
	    let overflow = false;
	    let i = -1;
	    let escStart = -1;
	    let escEnd = -1;
	    if (mode === FOLD_BLOCK) {
	        i = consumeMoreIndentedLines(text, i, indent.length);
	        if (i !== -1)
	            end = i + endStep;
	    }
	    for (let ch; (ch = text[(i += 1)]);) {
	        if (mode === FOLD_QUOTED && ch === '\\') {
	            escStart = i;
	            switch (text[i + 1]) {
	                case 'x':
	                    i += 3;
	                    break;
	                case 'u':
	                    i += 5;
	                    break;
	                case 'U':
	                    i += 9;
	                    break;
	                default:
	                    i += 1;
	            }
	            escEnd = i;
	        }
	        if (ch === '\n') {
	            if (mode === FOLD_BLOCK)
	                i = consumeMoreIndentedLines(text, i, indent.length);
	            end = i + indent.length + endStep;
	            split = undefined;
	        }
	        else {
	            if (ch === ' ' &&
	                prev &&
	                prev !== ' ' &&
	                prev !== '\n' &&
	                prev !== '\t') {
	                // space surrounded by non-space can be replaced with newline + indent
	                const next = text[i + 1];
	                if (next && next !== ' ' && next !== '\n' && next !== '\t')
	                    split = i;
	            }
	            if (i >= end) {
	                if (split) {
	                    folds.push(split);
	                    end = split + endStep;
	                    split = undefined;
	                }
	                else if (mode === FOLD_QUOTED) {
	                    // white-space collected at end may stretch past lineWidth
	                    while (prev === ' ' || prev === '\t') {
	                        prev = ch;
	                        ch = text[(i += 1)];
	                        overflow = true;
	                    }
	                    // Account for newline escape, but don't break preceding escape
	                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
	                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
	                    if (escapedFolds[j])
	                        return text;
	                    folds.push(j);
	                    escapedFolds[j] = true;
	                    end = j + endStep;
	                    split = undefined;
	                }
	                else {
	                    overflow = true;
	                }
	            }
	        }
	        prev = ch;
	    }
	    if (overflow && onOverflow)
	        onOverflow();
	    if (folds.length === 0)
	        return text;
	    if (onFold)
	        onFold();
	    let res = text.slice(0, folds[0]);
	    for (let i = 0; i < folds.length; ++i) {
	        const fold = folds[i];
	        const end = folds[i + 1] || text.length;
	        if (fold === 0)
	            res = `\n${indent}${text.slice(0, end)}`;
	        else {
	            if (mode === FOLD_QUOTED && escapedFolds[fold])
	                res += `${text[fold]}\\`;
	            res += `\n${indent}${text.slice(fold + 1, end)}`;
	        }
	    }
	    return res;
	}
	/**
	 * Presumes `i + 1` is at the start of a line
	 * @returns index of last newline in more-indented block
	 */
	function consumeMoreIndentedLines(text, i, indent) {
	    let end = i;
	    let start = i + 1;
	    let ch = text[start];
	    while (ch === ' ' || ch === '\t') {
	        if (i < start + indent) {
	            ch = text[++i];
	        }
	        else {
	            do {
	                ch = text[++i];
	            } while (ch && ch !== '\n');
	            end = i;
	            start = i + 1;
	            ch = text[start];
	        }
	    }
	    return end;
	}

	foldFlowLines.FOLD_BLOCK = FOLD_BLOCK;
	foldFlowLines.FOLD_FLOW = FOLD_FLOW;
	foldFlowLines.FOLD_QUOTED = FOLD_QUOTED;
	foldFlowLines.foldFlowLines = foldFlowLines$1;
	return foldFlowLines;
}

var hasRequiredStringifyString;

function requireStringifyString () {
	if (hasRequiredStringifyString) return stringifyString;
	hasRequiredStringifyString = 1;

	var Scalar = requireScalar();
	var foldFlowLines = requireFoldFlowLines();

	const getFoldOptions = (ctx, isBlock) => ({
	    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
	    lineWidth: ctx.options.lineWidth,
	    minContentWidth: ctx.options.minContentWidth
	});
	// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
	// presume that's starting a new document.
	const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
	function lineLengthOverLimit(str, lineWidth, indentLength) {
	    if (!lineWidth || lineWidth < 0)
	        return false;
	    const limit = lineWidth - indentLength;
	    const strLen = str.length;
	    if (strLen <= limit)
	        return false;
	    for (let i = 0, start = 0; i < strLen; ++i) {
	        if (str[i] === '\n') {
	            if (i - start > limit)
	                return true;
	            start = i + 1;
	            if (strLen - start <= limit)
	                return false;
	        }
	    }
	    return true;
	}
	function doubleQuotedString(value, ctx) {
	    const json = JSON.stringify(value);
	    if (ctx.options.doubleQuotedAsJSON)
	        return json;
	    const { implicitKey } = ctx;
	    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
	    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
	    let str = '';
	    let start = 0;
	    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
	        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
	            // space before newline needs to be escaped to not be folded
	            str += json.slice(start, i) + '\\ ';
	            i += 1;
	            start = i;
	            ch = '\\';
	        }
	        if (ch === '\\')
	            switch (json[i + 1]) {
	                case 'u':
	                    {
	                        str += json.slice(start, i);
	                        const code = json.substr(i + 2, 4);
	                        switch (code) {
	                            case '0000':
	                                str += '\\0';
	                                break;
	                            case '0007':
	                                str += '\\a';
	                                break;
	                            case '000b':
	                                str += '\\v';
	                                break;
	                            case '001b':
	                                str += '\\e';
	                                break;
	                            case '0085':
	                                str += '\\N';
	                                break;
	                            case '00a0':
	                                str += '\\_';
	                                break;
	                            case '2028':
	                                str += '\\L';
	                                break;
	                            case '2029':
	                                str += '\\P';
	                                break;
	                            default:
	                                if (code.substr(0, 2) === '00')
	                                    str += '\\x' + code.substr(2);
	                                else
	                                    str += json.substr(i, 6);
	                        }
	                        i += 5;
	                        start = i + 1;
	                    }
	                    break;
	                case 'n':
	                    if (implicitKey ||
	                        json[i + 2] === '"' ||
	                        json.length < minMultiLineLength) {
	                        i += 1;
	                    }
	                    else {
	                        // folding will eat first newline
	                        str += json.slice(start, i) + '\n\n';
	                        while (json[i + 2] === '\\' &&
	                            json[i + 3] === 'n' &&
	                            json[i + 4] !== '"') {
	                            str += '\n';
	                            i += 2;
	                        }
	                        str += indent;
	                        // space after newline needs to be escaped to not be folded
	                        if (json[i + 2] === ' ')
	                            str += '\\';
	                        i += 1;
	                        start = i + 1;
	                    }
	                    break;
	                default:
	                    i += 1;
	            }
	    }
	    str = start ? str + json.slice(start) : json;
	    return implicitKey
	        ? str
	        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
	}
	function singleQuotedString(value, ctx) {
	    if (ctx.options.singleQuote === false ||
	        (ctx.implicitKey && value.includes('\n')) ||
	        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
	    )
	        return doubleQuotedString(value, ctx);
	    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
	    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
	    return ctx.implicitKey
	        ? res
	        : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
	}
	function quotedString(value, ctx) {
	    const { singleQuote } = ctx.options;
	    let qs;
	    if (singleQuote === false)
	        qs = doubleQuotedString;
	    else {
	        const hasDouble = value.includes('"');
	        const hasSingle = value.includes("'");
	        if (hasDouble && !hasSingle)
	            qs = singleQuotedString;
	        else if (hasSingle && !hasDouble)
	            qs = doubleQuotedString;
	        else
	            qs = singleQuote ? singleQuotedString : doubleQuotedString;
	    }
	    return qs(value, ctx);
	}
	// The negative lookbehind avoids a polynomial search,
	// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
	let blockEndNewlines;
	try {
	    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
	}
	catch {
	    blockEndNewlines = /\n+(?!\n|$)/g;
	}
	function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
	    const { blockQuote, commentString, lineWidth } = ctx.options;
	    // 1. Block can't end in whitespace unless the last line is non-empty.
	    // 2. Strings consisting of only whitespace are best rendered explicitly.
	    if (!blockQuote || /\n[\t ]+$/.test(value)) {
	        return quotedString(value, ctx);
	    }
	    const indent = ctx.indent ||
	        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
	    const literal = blockQuote === 'literal'
	        ? true
	        : blockQuote === 'folded' || type === Scalar.Scalar.BLOCK_FOLDED
	            ? false
	            : type === Scalar.Scalar.BLOCK_LITERAL
	                ? true
	                : !lineLengthOverLimit(value, lineWidth, indent.length);
	    if (!value)
	        return literal ? '|\n' : '>\n';
	    // determine chomping from whitespace at value end
	    let chomp;
	    let endStart;
	    for (endStart = value.length; endStart > 0; --endStart) {
	        const ch = value[endStart - 1];
	        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
	            break;
	    }
	    let end = value.substring(endStart);
	    const endNlPos = end.indexOf('\n');
	    if (endNlPos === -1) {
	        chomp = '-'; // strip
	    }
	    else if (value === end || endNlPos !== end.length - 1) {
	        chomp = '+'; // keep
	        if (onChompKeep)
	            onChompKeep();
	    }
	    else {
	        chomp = ''; // clip
	    }
	    if (end) {
	        value = value.slice(0, -end.length);
	        if (end[end.length - 1] === '\n')
	            end = end.slice(0, -1);
	        end = end.replace(blockEndNewlines, `$&${indent}`);
	    }
	    // determine indent indicator from whitespace at value start
	    let startWithSpace = false;
	    let startEnd;
	    let startNlPos = -1;
	    for (startEnd = 0; startEnd < value.length; ++startEnd) {
	        const ch = value[startEnd];
	        if (ch === ' ')
	            startWithSpace = true;
	        else if (ch === '\n')
	            startNlPos = startEnd;
	        else
	            break;
	    }
	    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
	    if (start) {
	        value = value.substring(start.length);
	        start = start.replace(/\n+/g, `$&${indent}`);
	    }
	    const indentSize = indent ? '2' : '1'; // root is at -1
	    // Leading | or > is added later
	    let header = (startWithSpace ? indentSize : '') + chomp;
	    if (comment) {
	        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
	        if (onComment)
	            onComment();
	    }
	    if (!literal) {
	        const foldedValue = value
	            .replace(/\n+/g, '\n$&')
	            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
	            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
	            .replace(/\n+/g, `$&${indent}`);
	        let literalFallback = false;
	        const foldOptions = getFoldOptions(ctx, true);
	        if (blockQuote !== 'folded' && type !== Scalar.Scalar.BLOCK_FOLDED) {
	            foldOptions.onOverflow = () => {
	                literalFallback = true;
	            };
	        }
	        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
	        if (!literalFallback)
	            return `>${header}\n${indent}${body}`;
	    }
	    value = value.replace(/\n+/g, `$&${indent}`);
	    return `|${header}\n${indent}${start}${value}${end}`;
	}
	function plainString(item, ctx, onComment, onChompKeep) {
	    const { type, value } = item;
	    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
	    if ((implicitKey && value.includes('\n')) ||
	        (inFlow && /[[\]{},]/.test(value))) {
	        return quotedString(value, ctx);
	    }
	    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
	        // not allowed:
	        // - '-' or '?'
	        // - start with an indicator character (except [?:-]) or /[?-] /
	        // - '\n ', ': ' or ' \n' anywhere
	        // - '#' not preceded by a non-space char
	        // - end with ' ' or ':'
	        return implicitKey || inFlow || !value.includes('\n')
	            ? quotedString(value, ctx)
	            : blockString(item, ctx, onComment, onChompKeep);
	    }
	    if (!implicitKey &&
	        !inFlow &&
	        type !== Scalar.Scalar.PLAIN &&
	        value.includes('\n')) {
	        // Where allowed & type not set explicitly, prefer block style for multiline strings
	        return blockString(item, ctx, onComment, onChompKeep);
	    }
	    if (containsDocumentMarker(value)) {
	        if (indent === '') {
	            ctx.forceBlockIndent = true;
	            return blockString(item, ctx, onComment, onChompKeep);
	        }
	        else if (implicitKey && indent === indentStep) {
	            return quotedString(value, ctx);
	        }
	    }
	    const str = value.replace(/\n+/g, `$&\n${indent}`);
	    // Verify that output will be parsed as a string, as e.g. plain numbers and
	    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
	    // and others in v1.1.
	    if (actualString) {
	        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
	        const { compat, tags } = ctx.doc.schema;
	        if (tags.some(test) || compat?.some(test))
	            return quotedString(value, ctx);
	    }
	    return implicitKey
	        ? str
	        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
	}
	function stringifyString$1(item, ctx, onComment, onChompKeep) {
	    const { implicitKey, inFlow } = ctx;
	    const ss = typeof item.value === 'string'
	        ? item
	        : Object.assign({}, item, { value: String(item.value) });
	    let { type } = item;
	    if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
	        // force double quotes on control characters & unpaired surrogates
	        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
	            type = Scalar.Scalar.QUOTE_DOUBLE;
	    }
	    const _stringify = (_type) => {
	        switch (_type) {
	            case Scalar.Scalar.BLOCK_FOLDED:
	            case Scalar.Scalar.BLOCK_LITERAL:
	                return implicitKey || inFlow
	                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
	                    : blockString(ss, ctx, onComment, onChompKeep);
	            case Scalar.Scalar.QUOTE_DOUBLE:
	                return doubleQuotedString(ss.value, ctx);
	            case Scalar.Scalar.QUOTE_SINGLE:
	                return singleQuotedString(ss.value, ctx);
	            case Scalar.Scalar.PLAIN:
	                return plainString(ss, ctx, onComment, onChompKeep);
	            default:
	                return null;
	        }
	    };
	    let res = _stringify(type);
	    if (res === null) {
	        const { defaultKeyType, defaultStringType } = ctx.options;
	        const t = (implicitKey && defaultKeyType) || defaultStringType;
	        res = _stringify(t);
	        if (res === null)
	            throw new Error(`Unsupported default string type ${t}`);
	    }
	    return res;
	}

	stringifyString.stringifyString = stringifyString$1;
	return stringifyString;
}

var hasRequiredStringify;

function requireStringify () {
	if (hasRequiredStringify) return stringify;
	hasRequiredStringify = 1;

	var anchors = requireAnchors();
	var identity = requireIdentity();
	var stringifyComment = requireStringifyComment();
	var stringifyString = requireStringifyString();

	function createStringifyContext(doc, options) {
	    const opt = Object.assign({
	        blockQuote: true,
	        commentString: stringifyComment.stringifyComment,
	        defaultKeyType: null,
	        defaultStringType: 'PLAIN',
	        directives: null,
	        doubleQuotedAsJSON: false,
	        doubleQuotedMinMultiLineLength: 40,
	        falseStr: 'false',
	        flowCollectionPadding: true,
	        indentSeq: true,
	        lineWidth: 80,
	        minContentWidth: 20,
	        nullStr: 'null',
	        simpleKeys: false,
	        singleQuote: null,
	        trailingComma: false,
	        trueStr: 'true',
	        verifyAliasOrder: true
	    }, doc.schema.toStringOptions, options);
	    let inFlow;
	    switch (opt.collectionStyle) {
	        case 'block':
	            inFlow = false;
	            break;
	        case 'flow':
	            inFlow = true;
	            break;
	        default:
	            inFlow = null;
	    }
	    return {
	        anchors: new Set(),
	        doc,
	        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
	        indent: '',
	        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
	        inFlow,
	        options: opt
	    };
	}
	function getTagObject(tags, item) {
	    if (item.tag) {
	        const match = tags.filter(t => t.tag === item.tag);
	        if (match.length > 0)
	            return match.find(t => t.format === item.format) ?? match[0];
	    }
	    let tagObj = undefined;
	    let obj;
	    if (identity.isScalar(item)) {
	        obj = item.value;
	        let match = tags.filter(t => t.identify?.(obj));
	        if (match.length > 1) {
	            const testMatch = match.filter(t => t.test);
	            if (testMatch.length > 0)
	                match = testMatch;
	        }
	        tagObj =
	            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
	    }
	    else {
	        obj = item;
	        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
	    }
	    if (!tagObj) {
	        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
	        throw new Error(`Tag not resolved for ${name} value`);
	    }
	    return tagObj;
	}
	// needs to be called before value stringifier to allow for circular anchor refs
	function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
	    if (!doc.directives)
	        return '';
	    const props = [];
	    const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
	    if (anchor && anchors.anchorIsValid(anchor)) {
	        anchors$1.add(anchor);
	        props.push(`&${anchor}`);
	    }
	    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
	    if (tag)
	        props.push(doc.directives.tagString(tag));
	    return props.join(' ');
	}
	function stringify$1(item, ctx, onComment, onChompKeep) {
	    if (identity.isPair(item))
	        return item.toString(ctx, onComment, onChompKeep);
	    if (identity.isAlias(item)) {
	        if (ctx.doc.directives)
	            return item.toString(ctx);
	        if (ctx.resolvedAliases?.has(item)) {
	            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
	        }
	        else {
	            if (ctx.resolvedAliases)
	                ctx.resolvedAliases.add(item);
	            else
	                ctx.resolvedAliases = new Set([item]);
	            item = item.resolve(ctx.doc);
	        }
	    }
	    let tagObj = undefined;
	    const node = identity.isNode(item)
	        ? item
	        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
	    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
	    const props = stringifyProps(node, tagObj, ctx);
	    if (props.length > 0)
	        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
	    const str = typeof tagObj.stringify === 'function'
	        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
	        : identity.isScalar(node)
	            ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep)
	            : node.toString(ctx, onComment, onChompKeep);
	    if (!props)
	        return str;
	    return identity.isScalar(node) || str[0] === '{' || str[0] === '['
	        ? `${props} ${str}`
	        : `${props}\n${ctx.indent}${str}`;
	}

	stringify.createStringifyContext = createStringifyContext;
	stringify.stringify = stringify$1;
	return stringify;
}

var hasRequiredStringifyPair;

function requireStringifyPair () {
	if (hasRequiredStringifyPair) return stringifyPair;
	hasRequiredStringifyPair = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();
	var stringify = requireStringify();
	var stringifyComment = requireStringifyComment();

	function stringifyPair$1({ key, value }, ctx, onComment, onChompKeep) {
	    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
	    let keyComment = (identity.isNode(key) && key.comment) || null;
	    if (simpleKeys) {
	        if (keyComment) {
	            throw new Error('With simple keys, key nodes cannot have comments');
	        }
	        if (identity.isCollection(key) || (!identity.isNode(key) && typeof key === 'object')) {
	            const msg = 'With simple keys, collection cannot be used as a key value';
	            throw new Error(msg);
	        }
	    }
	    let explicitKey = !simpleKeys &&
	        (!key ||
	            (keyComment && value == null && !ctx.inFlow) ||
	            identity.isCollection(key) ||
	            (identity.isScalar(key)
	                ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL
	                : typeof key === 'object'));
	    ctx = Object.assign({}, ctx, {
	        allNullValues: false,
	        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
	        indent: indent + indentStep
	    });
	    let keyCommentDone = false;
	    let chompKeep = false;
	    let str = stringify.stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
	    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
	        if (simpleKeys)
	            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
	        explicitKey = true;
	    }
	    if (ctx.inFlow) {
	        if (allNullValues || value == null) {
	            if (keyCommentDone && onComment)
	                onComment();
	            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
	        }
	    }
	    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
	        str = `? ${str}`;
	        if (keyComment && !keyCommentDone) {
	            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
	        }
	        else if (chompKeep && onChompKeep)
	            onChompKeep();
	        return str;
	    }
	    if (keyCommentDone)
	        keyComment = null;
	    if (explicitKey) {
	        if (keyComment)
	            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
	        str = `? ${str}\n${indent}:`;
	    }
	    else {
	        str = `${str}:`;
	        if (keyComment)
	            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
	    }
	    let vsb, vcb, valueComment;
	    if (identity.isNode(value)) {
	        vsb = !!value.spaceBefore;
	        vcb = value.commentBefore;
	        valueComment = value.comment;
	    }
	    else {
	        vsb = false;
	        vcb = null;
	        valueComment = null;
	        if (value && typeof value === 'object')
	            value = doc.createNode(value);
	    }
	    ctx.implicitKey = false;
	    if (!explicitKey && !keyComment && identity.isScalar(value))
	        ctx.indentAtStart = str.length + 1;
	    chompKeep = false;
	    if (!indentSeq &&
	        indentStep.length >= 2 &&
	        !ctx.inFlow &&
	        !explicitKey &&
	        identity.isSeq(value) &&
	        !value.flow &&
	        !value.tag &&
	        !value.anchor) {
	        // If indentSeq === false, consider '- ' as part of indentation where possible
	        ctx.indent = ctx.indent.substring(2);
	    }
	    let valueCommentDone = false;
	    const valueStr = stringify.stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
	    let ws = ' ';
	    if (keyComment || vsb || vcb) {
	        ws = vsb ? '\n' : '';
	        if (vcb) {
	            const cs = commentString(vcb);
	            ws += `\n${stringifyComment.indentComment(cs, ctx.indent)}`;
	        }
	        if (valueStr === '' && !ctx.inFlow) {
	            if (ws === '\n' && valueComment)
	                ws = '\n\n';
	        }
	        else {
	            ws += `\n${ctx.indent}`;
	        }
	    }
	    else if (!explicitKey && identity.isCollection(value)) {
	        const vs0 = valueStr[0];
	        const nl0 = valueStr.indexOf('\n');
	        const hasNewline = nl0 !== -1;
	        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
	        if (hasNewline || !flow) {
	            let hasPropsLine = false;
	            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
	                let sp0 = valueStr.indexOf(' ');
	                if (vs0 === '&' &&
	                    sp0 !== -1 &&
	                    sp0 < nl0 &&
	                    valueStr[sp0 + 1] === '!') {
	                    sp0 = valueStr.indexOf(' ', sp0 + 1);
	                }
	                if (sp0 === -1 || nl0 < sp0)
	                    hasPropsLine = true;
	            }
	            if (!hasPropsLine)
	                ws = `\n${ctx.indent}`;
	        }
	    }
	    else if (valueStr === '' || valueStr[0] === '\n') {
	        ws = '';
	    }
	    str += ws + valueStr;
	    if (ctx.inFlow) {
	        if (valueCommentDone && onComment)
	            onComment();
	    }
	    else if (valueComment && !valueCommentDone) {
	        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
	    }
	    else if (chompKeep && onChompKeep) {
	        onChompKeep();
	    }
	    return str;
	}

	stringifyPair.stringifyPair = stringifyPair$1;
	return stringifyPair;
}

var addPairToJSMap = {};

var log = {};

var hasRequiredLog;

function requireLog () {
	if (hasRequiredLog) return log;
	hasRequiredLog = 1;

	var node_process = require$$0;

	function debug(logLevel, ...messages) {
	    if (logLevel === 'debug')
	        console.log(...messages);
	}
	function warn(logLevel, warning) {
	    if (logLevel === 'debug' || logLevel === 'warn') {
	        if (typeof node_process.emitWarning === 'function')
	            node_process.emitWarning(warning);
	        else
	            console.warn(warning);
	    }
	}

	log.debug = debug;
	log.warn = warn;
	return log;
}

var merge = {};

var hasRequiredMerge;

function requireMerge () {
	if (hasRequiredMerge) return merge;
	hasRequiredMerge = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();

	// If the value associated with a merge key is a single mapping node, each of
	// its key/value pairs is inserted into the current mapping, unless the key
	// already exists in it. If the value associated with the merge key is a
	// sequence, then this sequence is expected to contain mapping nodes and each
	// of these nodes is merged in turn according to its order in the sequence.
	// Keys in mapping nodes earlier in the sequence override keys specified in
	// later mapping nodes. -- http://yaml.org/type/merge.html
	const MERGE_KEY = '<<';
	const merge$1 = {
	    identify: value => value === MERGE_KEY ||
	        (typeof value === 'symbol' && value.description === MERGE_KEY),
	    default: 'key',
	    tag: 'tag:yaml.org,2002:merge',
	    test: /^<<$/,
	    resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
	        addToJSMap: addMergeToJSMap
	    }),
	    stringify: () => MERGE_KEY
	};
	const isMergeKey = (ctx, key) => (merge$1.identify(key) ||
	    (identity.isScalar(key) &&
	        (!key.type || key.type === Scalar.Scalar.PLAIN) &&
	        merge$1.identify(key.value))) &&
	    ctx?.doc.schema.tags.some(tag => tag.tag === merge$1.tag && tag.default);
	function addMergeToJSMap(ctx, map, value) {
	    const source = resolveAliasValue(ctx, value);
	    if (identity.isSeq(source))
	        for (const it of source.items)
	            mergeValue(ctx, map, it);
	    else if (Array.isArray(source))
	        for (const it of source)
	            mergeValue(ctx, map, it);
	    else
	        mergeValue(ctx, map, source);
	}
	function mergeValue(ctx, map, value) {
	    const source = resolveAliasValue(ctx, value);
	    if (!identity.isMap(source))
	        throw new Error('Merge sources must be maps or map aliases');
	    const srcMap = source.toJSON(null, ctx, Map);
	    for (const [key, value] of srcMap) {
	        if (map instanceof Map) {
	            if (!map.has(key))
	                map.set(key, value);
	        }
	        else if (map instanceof Set) {
	            map.add(key);
	        }
	        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
	            Object.defineProperty(map, key, {
	                value,
	                writable: true,
	                enumerable: true,
	                configurable: true
	            });
	        }
	    }
	    return map;
	}
	function resolveAliasValue(ctx, value) {
	    return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
	}

	merge.addMergeToJSMap = addMergeToJSMap;
	merge.isMergeKey = isMergeKey;
	merge.merge = merge$1;
	return merge;
}

var hasRequiredAddPairToJSMap;

function requireAddPairToJSMap () {
	if (hasRequiredAddPairToJSMap) return addPairToJSMap;
	hasRequiredAddPairToJSMap = 1;

	var log = requireLog();
	var merge = requireMerge();
	var stringify = requireStringify();
	var identity = requireIdentity();
	var toJS = requireToJS();

	function addPairToJSMap$1(ctx, map, { key, value }) {
	    if (identity.isNode(key) && key.addToJSMap)
	        key.addToJSMap(ctx, map, value);
	    // TODO: Should drop this special case for bare << handling
	    else if (merge.isMergeKey(ctx, key))
	        merge.addMergeToJSMap(ctx, map, value);
	    else {
	        const jsKey = toJS.toJS(key, '', ctx);
	        if (map instanceof Map) {
	            map.set(jsKey, toJS.toJS(value, jsKey, ctx));
	        }
	        else if (map instanceof Set) {
	            map.add(jsKey);
	        }
	        else {
	            const stringKey = stringifyKey(key, jsKey, ctx);
	            const jsValue = toJS.toJS(value, stringKey, ctx);
	            if (stringKey in map)
	                Object.defineProperty(map, stringKey, {
	                    value: jsValue,
	                    writable: true,
	                    enumerable: true,
	                    configurable: true
	                });
	            else
	                map[stringKey] = jsValue;
	        }
	    }
	    return map;
	}
	function stringifyKey(key, jsKey, ctx) {
	    if (jsKey === null)
	        return '';
	    // eslint-disable-next-line @typescript-eslint/no-base-to-string
	    if (typeof jsKey !== 'object')
	        return String(jsKey);
	    if (identity.isNode(key) && ctx?.doc) {
	        const strCtx = stringify.createStringifyContext(ctx.doc, {});
	        strCtx.anchors = new Set();
	        for (const node of ctx.anchors.keys())
	            strCtx.anchors.add(node.anchor);
	        strCtx.inFlow = true;
	        strCtx.inStringifyKey = true;
	        const strKey = key.toString(strCtx);
	        if (!ctx.mapKeyWarned) {
	            let jsonStr = JSON.stringify(strKey);
	            if (jsonStr.length > 40)
	                jsonStr = jsonStr.substring(0, 36) + '..."';
	            log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
	            ctx.mapKeyWarned = true;
	        }
	        return strKey;
	    }
	    return JSON.stringify(jsKey);
	}

	addPairToJSMap.addPairToJSMap = addPairToJSMap$1;
	return addPairToJSMap;
}

var hasRequiredPair;

function requirePair () {
	if (hasRequiredPair) return Pair;
	hasRequiredPair = 1;

	var createNode = requireCreateNode();
	var stringifyPair = requireStringifyPair();
	var addPairToJSMap = requireAddPairToJSMap();
	var identity = requireIdentity();

	function createPair(key, value, ctx) {
	    const k = createNode.createNode(key, undefined, ctx);
	    const v = createNode.createNode(value, undefined, ctx);
	    return new Pair$1(k, v);
	}
	let Pair$1 = class Pair {
	    constructor(key, value = null) {
	        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
	        this.key = key;
	        this.value = value;
	    }
	    clone(schema) {
	        let { key, value } = this;
	        if (identity.isNode(key))
	            key = key.clone(schema);
	        if (identity.isNode(value))
	            value = value.clone(schema);
	        return new Pair(key, value);
	    }
	    toJSON(_, ctx) {
	        const pair = ctx?.mapAsMap ? new Map() : {};
	        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
	    }
	    toString(ctx, onComment, onChompKeep) {
	        return ctx?.doc
	            ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep)
	            : JSON.stringify(this);
	    }
	};

	Pair.Pair = Pair$1;
	Pair.createPair = createPair;
	return Pair;
}

var Schema = {};

var map = {};

var YAMLMap = {};

var stringifyCollection = {};

var hasRequiredStringifyCollection;

function requireStringifyCollection () {
	if (hasRequiredStringifyCollection) return stringifyCollection;
	hasRequiredStringifyCollection = 1;

	var identity = requireIdentity();
	var stringify = requireStringify();
	var stringifyComment = requireStringifyComment();

	function stringifyCollection$1(collection, ctx, options) {
	    const flow = ctx.inFlow ?? collection.flow;
	    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
	    return stringify(collection, ctx, options);
	}
	function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
	    const { indent, options: { commentString } } = ctx;
	    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
	    let chompKeep = false; // flag for the preceding node's status
	    const lines = [];
	    for (let i = 0; i < items.length; ++i) {
	        const item = items[i];
	        let comment = null;
	        if (identity.isNode(item)) {
	            if (!chompKeep && item.spaceBefore)
	                lines.push('');
	            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
	            if (item.comment)
	                comment = item.comment;
	        }
	        else if (identity.isPair(item)) {
	            const ik = identity.isNode(item.key) ? item.key : null;
	            if (ik) {
	                if (!chompKeep && ik.spaceBefore)
	                    lines.push('');
	                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
	            }
	        }
	        chompKeep = false;
	        let str = stringify.stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
	        if (comment)
	            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
	        if (chompKeep && comment)
	            chompKeep = false;
	        lines.push(blockItemPrefix + str);
	    }
	    let str;
	    if (lines.length === 0) {
	        str = flowChars.start + flowChars.end;
	    }
	    else {
	        str = lines[0];
	        for (let i = 1; i < lines.length; ++i) {
	            const line = lines[i];
	            str += line ? `\n${indent}${line}` : '\n';
	        }
	    }
	    if (comment) {
	        str += '\n' + stringifyComment.indentComment(commentString(comment), indent);
	        if (onComment)
	            onComment();
	    }
	    else if (chompKeep && onChompKeep)
	        onChompKeep();
	    return str;
	}
	function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
	    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
	    itemIndent += indentStep;
	    const itemCtx = Object.assign({}, ctx, {
	        indent: itemIndent,
	        inFlow: true,
	        type: null
	    });
	    let reqNewline = false;
	    let linesAtValue = 0;
	    const lines = [];
	    for (let i = 0; i < items.length; ++i) {
	        const item = items[i];
	        let comment = null;
	        if (identity.isNode(item)) {
	            if (item.spaceBefore)
	                lines.push('');
	            addCommentBefore(ctx, lines, item.commentBefore, false);
	            if (item.comment)
	                comment = item.comment;
	        }
	        else if (identity.isPair(item)) {
	            const ik = identity.isNode(item.key) ? item.key : null;
	            if (ik) {
	                if (ik.spaceBefore)
	                    lines.push('');
	                addCommentBefore(ctx, lines, ik.commentBefore, false);
	                if (ik.comment)
	                    reqNewline = true;
	            }
	            const iv = identity.isNode(item.value) ? item.value : null;
	            if (iv) {
	                if (iv.comment)
	                    comment = iv.comment;
	                if (iv.commentBefore)
	                    reqNewline = true;
	            }
	            else if (item.value == null && ik?.comment) {
	                comment = ik.comment;
	            }
	        }
	        if (comment)
	            reqNewline = true;
	        let str = stringify.stringify(item, itemCtx, () => (comment = null));
	        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
	        if (i < items.length - 1) {
	            str += ',';
	        }
	        else if (ctx.options.trailingComma) {
	            if (ctx.options.lineWidth > 0) {
	                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
	                    (str.length + 2) >
	                    ctx.options.lineWidth);
	            }
	            if (reqNewline) {
	                str += ',';
	            }
	        }
	        if (comment)
	            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
	        lines.push(str);
	        linesAtValue = lines.length;
	    }
	    const { start, end } = flowChars;
	    if (lines.length === 0) {
	        return start + end;
	    }
	    else {
	        if (!reqNewline) {
	            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
	            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
	        }
	        if (reqNewline) {
	            let str = start;
	            for (const line of lines)
	                str += line ? `\n${indentStep}${indent}${line}` : '\n';
	            return `${str}\n${indent}${end}`;
	        }
	        else {
	            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
	        }
	    }
	}
	function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
	    if (comment && chompKeep)
	        comment = comment.replace(/^\n+/, '');
	    if (comment) {
	        const ic = stringifyComment.indentComment(commentString(comment), indent);
	        lines.push(ic.trimStart()); // Avoid double indent on first line
	    }
	}

	stringifyCollection.stringifyCollection = stringifyCollection$1;
	return stringifyCollection;
}

var hasRequiredYAMLMap;

function requireYAMLMap () {
	if (hasRequiredYAMLMap) return YAMLMap;
	hasRequiredYAMLMap = 1;

	var stringifyCollection = requireStringifyCollection();
	var addPairToJSMap = requireAddPairToJSMap();
	var Collection = requireCollection();
	var identity = requireIdentity();
	var Pair = requirePair();
	var Scalar = requireScalar();

	function findPair(items, key) {
	    const k = identity.isScalar(key) ? key.value : key;
	    for (const it of items) {
	        if (identity.isPair(it)) {
	            if (it.key === key || it.key === k)
	                return it;
	            if (identity.isScalar(it.key) && it.key.value === k)
	                return it;
	        }
	    }
	    return undefined;
	}
	let YAMLMap$1 = class YAMLMap extends Collection.Collection {
	    static get tagName() {
	        return 'tag:yaml.org,2002:map';
	    }
	    constructor(schema) {
	        super(identity.MAP, schema);
	        this.items = [];
	    }
	    /**
	     * A generic collection parsing method that can be extended
	     * to other node classes that inherit from YAMLMap
	     */
	    static from(schema, obj, ctx) {
	        const { keepUndefined, replacer } = ctx;
	        const map = new this(schema);
	        const add = (key, value) => {
	            if (typeof replacer === 'function')
	                value = replacer.call(obj, key, value);
	            else if (Array.isArray(replacer) && !replacer.includes(key))
	                return;
	            if (value !== undefined || keepUndefined)
	                map.items.push(Pair.createPair(key, value, ctx));
	        };
	        if (obj instanceof Map) {
	            for (const [key, value] of obj)
	                add(key, value);
	        }
	        else if (obj && typeof obj === 'object') {
	            for (const key of Object.keys(obj))
	                add(key, obj[key]);
	        }
	        if (typeof schema.sortMapEntries === 'function') {
	            map.items.sort(schema.sortMapEntries);
	        }
	        return map;
	    }
	    /**
	     * Adds a value to the collection.
	     *
	     * @param overwrite - If not set `true`, using a key that is already in the
	     *   collection will throw. Otherwise, overwrites the previous value.
	     */
	    add(pair, overwrite) {
	        let _pair;
	        if (identity.isPair(pair))
	            _pair = pair;
	        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
	            // In TypeScript, this never happens.
	            _pair = new Pair.Pair(pair, pair?.value);
	        }
	        else
	            _pair = new Pair.Pair(pair.key, pair.value);
	        const prev = findPair(this.items, _pair.key);
	        const sortEntries = this.schema?.sortMapEntries;
	        if (prev) {
	            if (!overwrite)
	                throw new Error(`Key ${_pair.key} already set`);
	            // For scalars, keep the old node & its comments and anchors
	            if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
	                prev.value.value = _pair.value;
	            else
	                prev.value = _pair.value;
	        }
	        else if (sortEntries) {
	            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
	            if (i === -1)
	                this.items.push(_pair);
	            else
	                this.items.splice(i, 0, _pair);
	        }
	        else {
	            this.items.push(_pair);
	        }
	    }
	    delete(key) {
	        const it = findPair(this.items, key);
	        if (!it)
	            return false;
	        const del = this.items.splice(this.items.indexOf(it), 1);
	        return del.length > 0;
	    }
	    get(key, keepScalar) {
	        const it = findPair(this.items, key);
	        const node = it?.value;
	        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? undefined;
	    }
	    has(key) {
	        return !!findPair(this.items, key);
	    }
	    set(key, value) {
	        this.add(new Pair.Pair(key, value), true);
	    }
	    /**
	     * @param ctx - Conversion context, originally set in Document#toJS()
	     * @param {Class} Type - If set, forces the returned collection type
	     * @returns Instance of Type, Map, or Object
	     */
	    toJSON(_, ctx, Type) {
	        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
	        if (ctx?.onCreate)
	            ctx.onCreate(map);
	        for (const item of this.items)
	            addPairToJSMap.addPairToJSMap(ctx, map, item);
	        return map;
	    }
	    toString(ctx, onComment, onChompKeep) {
	        if (!ctx)
	            return JSON.stringify(this);
	        for (const item of this.items) {
	            if (!identity.isPair(item))
	                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
	        }
	        if (!ctx.allNullValues && this.hasAllNullValues(false))
	            ctx = Object.assign({}, ctx, { allNullValues: true });
	        return stringifyCollection.stringifyCollection(this, ctx, {
	            blockItemPrefix: '',
	            flowChars: { start: '{', end: '}' },
	            itemIndent: ctx.indent || '',
	            onChompKeep,
	            onComment
	        });
	    }
	};

	YAMLMap.YAMLMap = YAMLMap$1;
	YAMLMap.findPair = findPair;
	return YAMLMap;
}

var hasRequiredMap;

function requireMap () {
	if (hasRequiredMap) return map;
	hasRequiredMap = 1;

	var identity = requireIdentity();
	var YAMLMap = requireYAMLMap();

	const map$1 = {
	    collection: 'map',
	    default: true,
	    nodeClass: YAMLMap.YAMLMap,
	    tag: 'tag:yaml.org,2002:map',
	    resolve(map, onError) {
	        if (!identity.isMap(map))
	            onError('Expected a mapping for this tag');
	        return map;
	    },
	    createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
	};

	map.map = map$1;
	return map;
}

var seq = {};

var YAMLSeq = {};

var hasRequiredYAMLSeq;

function requireYAMLSeq () {
	if (hasRequiredYAMLSeq) return YAMLSeq;
	hasRequiredYAMLSeq = 1;

	var createNode = requireCreateNode();
	var stringifyCollection = requireStringifyCollection();
	var Collection = requireCollection();
	var identity = requireIdentity();
	var Scalar = requireScalar();
	var toJS = requireToJS();

	let YAMLSeq$1 = class YAMLSeq extends Collection.Collection {
	    static get tagName() {
	        return 'tag:yaml.org,2002:seq';
	    }
	    constructor(schema) {
	        super(identity.SEQ, schema);
	        this.items = [];
	    }
	    add(value) {
	        this.items.push(value);
	    }
	    /**
	     * Removes a value from the collection.
	     *
	     * `key` must contain a representation of an integer for this to succeed.
	     * It may be wrapped in a `Scalar`.
	     *
	     * @returns `true` if the item was found and removed.
	     */
	    delete(key) {
	        const idx = asItemIndex(key);
	        if (typeof idx !== 'number')
	            return false;
	        const del = this.items.splice(idx, 1);
	        return del.length > 0;
	    }
	    get(key, keepScalar) {
	        const idx = asItemIndex(key);
	        if (typeof idx !== 'number')
	            return undefined;
	        const it = this.items[idx];
	        return !keepScalar && identity.isScalar(it) ? it.value : it;
	    }
	    /**
	     * Checks if the collection includes a value with the key `key`.
	     *
	     * `key` must contain a representation of an integer for this to succeed.
	     * It may be wrapped in a `Scalar`.
	     */
	    has(key) {
	        const idx = asItemIndex(key);
	        return typeof idx === 'number' && idx < this.items.length;
	    }
	    /**
	     * Sets a value in this collection. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     *
	     * If `key` does not contain a representation of an integer, this will throw.
	     * It may be wrapped in a `Scalar`.
	     */
	    set(key, value) {
	        const idx = asItemIndex(key);
	        if (typeof idx !== 'number')
	            throw new Error(`Expected a valid index, not ${key}.`);
	        const prev = this.items[idx];
	        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
	            prev.value = value;
	        else
	            this.items[idx] = value;
	    }
	    toJSON(_, ctx) {
	        const seq = [];
	        if (ctx?.onCreate)
	            ctx.onCreate(seq);
	        let i = 0;
	        for (const item of this.items)
	            seq.push(toJS.toJS(item, String(i++), ctx));
	        return seq;
	    }
	    toString(ctx, onComment, onChompKeep) {
	        if (!ctx)
	            return JSON.stringify(this);
	        return stringifyCollection.stringifyCollection(this, ctx, {
	            blockItemPrefix: '- ',
	            flowChars: { start: '[', end: ']' },
	            itemIndent: (ctx.indent || '') + '  ',
	            onChompKeep,
	            onComment
	        });
	    }
	    static from(schema, obj, ctx) {
	        const { replacer } = ctx;
	        const seq = new this(schema);
	        if (obj && Symbol.iterator in Object(obj)) {
	            let i = 0;
	            for (let it of obj) {
	                if (typeof replacer === 'function') {
	                    const key = obj instanceof Set ? it : String(i++);
	                    it = replacer.call(obj, key, it);
	                }
	                seq.items.push(createNode.createNode(it, undefined, ctx));
	            }
	        }
	        return seq;
	    }
	};
	function asItemIndex(key) {
	    let idx = identity.isScalar(key) ? key.value : key;
	    if (idx && typeof idx === 'string')
	        idx = Number(idx);
	    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
	        ? idx
	        : null;
	}

	YAMLSeq.YAMLSeq = YAMLSeq$1;
	return YAMLSeq;
}

var hasRequiredSeq;

function requireSeq () {
	if (hasRequiredSeq) return seq;
	hasRequiredSeq = 1;

	var identity = requireIdentity();
	var YAMLSeq = requireYAMLSeq();

	const seq$1 = {
	    collection: 'seq',
	    default: true,
	    nodeClass: YAMLSeq.YAMLSeq,
	    tag: 'tag:yaml.org,2002:seq',
	    resolve(seq, onError) {
	        if (!identity.isSeq(seq))
	            onError('Expected a sequence for this tag');
	        return seq;
	    },
	    createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
	};

	seq.seq = seq$1;
	return seq;
}

var string = {};

var hasRequiredString;

function requireString () {
	if (hasRequiredString) return string;
	hasRequiredString = 1;

	var stringifyString = requireStringifyString();

	const string$1 = {
	    identify: value => typeof value === 'string',
	    default: true,
	    tag: 'tag:yaml.org,2002:str',
	    resolve: str => str,
	    stringify(item, ctx, onComment, onChompKeep) {
	        ctx = Object.assign({ actualString: true }, ctx);
	        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
	    }
	};

	string.string = string$1;
	return string;
}

var tags = {};

var _null = {};

var hasRequired_null;

function require_null () {
	if (hasRequired_null) return _null;
	hasRequired_null = 1;

	var Scalar = requireScalar();

	const nullTag = {
	    identify: value => value == null,
	    createNode: () => new Scalar.Scalar(null),
	    default: true,
	    tag: 'tag:yaml.org,2002:null',
	    test: /^(?:~|[Nn]ull|NULL)?$/,
	    resolve: () => new Scalar.Scalar(null),
	    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
	        ? source
	        : ctx.options.nullStr
	};

	_null.nullTag = nullTag;
	return _null;
}

var bool$2 = {};

var hasRequiredBool$1;

function requireBool$1 () {
	if (hasRequiredBool$1) return bool$2;
	hasRequiredBool$1 = 1;

	var Scalar = requireScalar();

	const boolTag = {
	    identify: value => typeof value === 'boolean',
	    default: true,
	    tag: 'tag:yaml.org,2002:bool',
	    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
	    resolve: str => new Scalar.Scalar(str[0] === 't' || str[0] === 'T'),
	    stringify({ source, value }, ctx) {
	        if (source && boolTag.test.test(source)) {
	            const sv = source[0] === 't' || source[0] === 'T';
	            if (value === sv)
	                return source;
	        }
	        return value ? ctx.options.trueStr : ctx.options.falseStr;
	    }
	};

	bool$2.boolTag = boolTag;
	return bool$2;
}

var float$1 = {};

var stringifyNumber = {};

var hasRequiredStringifyNumber;

function requireStringifyNumber () {
	if (hasRequiredStringifyNumber) return stringifyNumber;
	hasRequiredStringifyNumber = 1;

	function stringifyNumber$1({ format, minFractionDigits, tag, value }) {
	    if (typeof value === 'bigint')
	        return String(value);
	    const num = typeof value === 'number' ? value : Number(value);
	    if (!isFinite(num))
	        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
	    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
	    if (!format &&
	        minFractionDigits &&
	        (!tag || tag === 'tag:yaml.org,2002:float') &&
	        /^-?\d/.test(n) &&
	        !n.includes('e')) {
	        let i = n.indexOf('.');
	        if (i < 0) {
	            i = n.length;
	            n += '.';
	        }
	        let d = minFractionDigits - (n.length - i - 1);
	        while (d-- > 0)
	            n += '0';
	    }
	    return n;
	}

	stringifyNumber.stringifyNumber = stringifyNumber$1;
	return stringifyNumber;
}

var hasRequiredFloat$1;

function requireFloat$1 () {
	if (hasRequiredFloat$1) return float$1;
	hasRequiredFloat$1 = 1;

	var Scalar = requireScalar();
	var stringifyNumber = requireStringifyNumber();

	const floatNaN = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
	    resolve: str => str.slice(-3).toLowerCase() === 'nan'
	        ? NaN
	        : str[0] === '-'
	            ? Number.NEGATIVE_INFINITY
	            : Number.POSITIVE_INFINITY,
	    stringify: stringifyNumber.stringifyNumber
	};
	const floatExp = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    format: 'EXP',
	    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
	    resolve: str => parseFloat(str),
	    stringify(node) {
	        const num = Number(node.value);
	        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
	    }
	};
	const float = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
	    resolve(str) {
	        const node = new Scalar.Scalar(parseFloat(str));
	        const dot = str.indexOf('.');
	        if (dot !== -1 && str[str.length - 1] === '0')
	            node.minFractionDigits = str.length - dot - 1;
	        return node;
	    },
	    stringify: stringifyNumber.stringifyNumber
	};

	float$1.float = float;
	float$1.floatExp = floatExp;
	float$1.floatNaN = floatNaN;
	return float$1;
}

var int$1 = {};

var hasRequiredInt$1;

function requireInt$1 () {
	if (hasRequiredInt$1) return int$1;
	hasRequiredInt$1 = 1;

	var stringifyNumber = requireStringifyNumber();

	const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
	const intResolve = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
	function intStringify(node, radix, prefix) {
	    const { value } = node;
	    if (intIdentify(value) && value >= 0)
	        return prefix + value.toString(radix);
	    return stringifyNumber.stringifyNumber(node);
	}
	const intOct = {
	    identify: value => intIdentify(value) && value >= 0,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'OCT',
	    test: /^0o[0-7]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
	    stringify: node => intStringify(node, 8, '0o')
	};
	const int = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    test: /^[-+]?[0-9]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
	    stringify: stringifyNumber.stringifyNumber
	};
	const intHex = {
	    identify: value => intIdentify(value) && value >= 0,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'HEX',
	    test: /^0x[0-9a-fA-F]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
	    stringify: node => intStringify(node, 16, '0x')
	};

	int$1.int = int;
	int$1.intHex = intHex;
	int$1.intOct = intOct;
	return int$1;
}

var schema$2 = {};

var hasRequiredSchema$3;

function requireSchema$3 () {
	if (hasRequiredSchema$3) return schema$2;
	hasRequiredSchema$3 = 1;

	var map = requireMap();
	var _null = require_null();
	var seq = requireSeq();
	var string = requireString();
	var bool = requireBool$1();
	var float = requireFloat$1();
	var int = requireInt$1();

	const schema = [
	    map.map,
	    seq.seq,
	    string.string,
	    _null.nullTag,
	    bool.boolTag,
	    int.intOct,
	    int.int,
	    int.intHex,
	    float.floatNaN,
	    float.floatExp,
	    float.float
	];

	schema$2.schema = schema;
	return schema$2;
}

var schema$1 = {};

var hasRequiredSchema$2;

function requireSchema$2 () {
	if (hasRequiredSchema$2) return schema$1;
	hasRequiredSchema$2 = 1;

	var Scalar = requireScalar();
	var map = requireMap();
	var seq = requireSeq();

	function intIdentify(value) {
	    return typeof value === 'bigint' || Number.isInteger(value);
	}
	const stringifyJSON = ({ value }) => JSON.stringify(value);
	const jsonScalars = [
	    {
	        identify: value => typeof value === 'string',
	        default: true,
	        tag: 'tag:yaml.org,2002:str',
	        resolve: str => str,
	        stringify: stringifyJSON
	    },
	    {
	        identify: value => value == null,
	        createNode: () => new Scalar.Scalar(null),
	        default: true,
	        tag: 'tag:yaml.org,2002:null',
	        test: /^null$/,
	        resolve: () => null,
	        stringify: stringifyJSON
	    },
	    {
	        identify: value => typeof value === 'boolean',
	        default: true,
	        tag: 'tag:yaml.org,2002:bool',
	        test: /^true$|^false$/,
	        resolve: str => str === 'true',
	        stringify: stringifyJSON
	    },
	    {
	        identify: intIdentify,
	        default: true,
	        tag: 'tag:yaml.org,2002:int',
	        test: /^-?(?:0|[1-9][0-9]*)$/,
	        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
	        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
	    },
	    {
	        identify: value => typeof value === 'number',
	        default: true,
	        tag: 'tag:yaml.org,2002:float',
	        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
	        resolve: str => parseFloat(str),
	        stringify: stringifyJSON
	    }
	];
	const jsonError = {
	    default: true,
	    tag: '',
	    test: /^/,
	    resolve(str, onError) {
	        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
	        return str;
	    }
	};
	const schema = [map.map, seq.seq].concat(jsonScalars, jsonError);

	schema$1.schema = schema;
	return schema$1;
}

var binary = {};

var hasRequiredBinary;

function requireBinary () {
	if (hasRequiredBinary) return binary;
	hasRequiredBinary = 1;

	var node_buffer = require$$0$1;
	var Scalar = requireScalar();
	var stringifyString = requireStringifyString();

	const binary$1 = {
	    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
	    default: false,
	    tag: 'tag:yaml.org,2002:binary',
	    /**
	     * Returns a Buffer in node and an Uint8Array in browsers
	     *
	     * To use the resulting buffer as an image, you'll want to do something like:
	     *
	     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
	     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
	     */
	    resolve(src, onError) {
	        if (typeof node_buffer.Buffer === 'function') {
	            return node_buffer.Buffer.from(src, 'base64');
	        }
	        else if (typeof atob === 'function') {
	            // On IE 11, atob() can't handle newlines
	            const str = atob(src.replace(/[\n\r]/g, ''));
	            const buffer = new Uint8Array(str.length);
	            for (let i = 0; i < str.length; ++i)
	                buffer[i] = str.charCodeAt(i);
	            return buffer;
	        }
	        else {
	            onError('This environment does not support reading binary tags; either Buffer or atob is required');
	            return src;
	        }
	    },
	    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
	        if (!value)
	            return '';
	        const buf = value; // checked earlier by binary.identify()
	        let str;
	        if (typeof node_buffer.Buffer === 'function') {
	            str =
	                buf instanceof node_buffer.Buffer
	                    ? buf.toString('base64')
	                    : node_buffer.Buffer.from(buf.buffer).toString('base64');
	        }
	        else if (typeof btoa === 'function') {
	            let s = '';
	            for (let i = 0; i < buf.length; ++i)
	                s += String.fromCharCode(buf[i]);
	            str = btoa(s);
	        }
	        else {
	            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
	        }
	        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
	        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
	            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
	            const n = Math.ceil(str.length / lineWidth);
	            const lines = new Array(n);
	            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
	                lines[i] = str.substr(o, lineWidth);
	            }
	            str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? '\n' : ' ');
	        }
	        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
	    }
	};

	binary.binary = binary$1;
	return binary;
}

var omap = {};

var pairs = {};

var hasRequiredPairs;

function requirePairs () {
	if (hasRequiredPairs) return pairs;
	hasRequiredPairs = 1;

	var identity = requireIdentity();
	var Pair = requirePair();
	var Scalar = requireScalar();
	var YAMLSeq = requireYAMLSeq();

	function resolvePairs(seq, onError) {
	    if (identity.isSeq(seq)) {
	        for (let i = 0; i < seq.items.length; ++i) {
	            let item = seq.items[i];
	            if (identity.isPair(item))
	                continue;
	            else if (identity.isMap(item)) {
	                if (item.items.length > 1)
	                    onError('Each pair must have its own sequence indicator');
	                const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
	                if (item.commentBefore)
	                    pair.key.commentBefore = pair.key.commentBefore
	                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
	                        : item.commentBefore;
	                if (item.comment) {
	                    const cn = pair.value ?? pair.key;
	                    cn.comment = cn.comment
	                        ? `${item.comment}\n${cn.comment}`
	                        : item.comment;
	                }
	                item = pair;
	            }
	            seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
	        }
	    }
	    else
	        onError('Expected a sequence for this tag');
	    return seq;
	}
	function createPairs(schema, iterable, ctx) {
	    const { replacer } = ctx;
	    const pairs = new YAMLSeq.YAMLSeq(schema);
	    pairs.tag = 'tag:yaml.org,2002:pairs';
	    let i = 0;
	    if (iterable && Symbol.iterator in Object(iterable))
	        for (let it of iterable) {
	            if (typeof replacer === 'function')
	                it = replacer.call(iterable, String(i++), it);
	            let key, value;
	            if (Array.isArray(it)) {
	                if (it.length === 2) {
	                    key = it[0];
	                    value = it[1];
	                }
	                else
	                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
	            }
	            else if (it && it instanceof Object) {
	                const keys = Object.keys(it);
	                if (keys.length === 1) {
	                    key = keys[0];
	                    value = it[key];
	                }
	                else {
	                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
	                }
	            }
	            else {
	                key = it;
	            }
	            pairs.items.push(Pair.createPair(key, value, ctx));
	        }
	    return pairs;
	}
	const pairs$1 = {
	    collection: 'seq',
	    default: false,
	    tag: 'tag:yaml.org,2002:pairs',
	    resolve: resolvePairs,
	    createNode: createPairs
	};

	pairs.createPairs = createPairs;
	pairs.pairs = pairs$1;
	pairs.resolvePairs = resolvePairs;
	return pairs;
}

var hasRequiredOmap;

function requireOmap () {
	if (hasRequiredOmap) return omap;
	hasRequiredOmap = 1;

	var identity = requireIdentity();
	var toJS = requireToJS();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var pairs = requirePairs();

	class YAMLOMap extends YAMLSeq.YAMLSeq {
	    constructor() {
	        super();
	        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
	        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
	        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
	        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
	        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
	        this.tag = YAMLOMap.tag;
	    }
	    /**
	     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
	     * but TypeScript won't allow widening the signature of a child method.
	     */
	    toJSON(_, ctx) {
	        if (!ctx)
	            return super.toJSON(_);
	        const map = new Map();
	        if (ctx?.onCreate)
	            ctx.onCreate(map);
	        for (const pair of this.items) {
	            let key, value;
	            if (identity.isPair(pair)) {
	                key = toJS.toJS(pair.key, '', ctx);
	                value = toJS.toJS(pair.value, key, ctx);
	            }
	            else {
	                key = toJS.toJS(pair, '', ctx);
	            }
	            if (map.has(key))
	                throw new Error('Ordered maps must not include duplicate keys');
	            map.set(key, value);
	        }
	        return map;
	    }
	    static from(schema, iterable, ctx) {
	        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
	        const omap = new this();
	        omap.items = pairs$1.items;
	        return omap;
	    }
	}
	YAMLOMap.tag = 'tag:yaml.org,2002:omap';
	const omap$1 = {
	    collection: 'seq',
	    identify: value => value instanceof Map,
	    nodeClass: YAMLOMap,
	    default: false,
	    tag: 'tag:yaml.org,2002:omap',
	    resolve(seq, onError) {
	        const pairs$1 = pairs.resolvePairs(seq, onError);
	        const seenKeys = [];
	        for (const { key } of pairs$1.items) {
	            if (identity.isScalar(key)) {
	                if (seenKeys.includes(key.value)) {
	                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
	                }
	                else {
	                    seenKeys.push(key.value);
	                }
	            }
	        }
	        return Object.assign(new YAMLOMap(), pairs$1);
	    },
	    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
	};

	omap.YAMLOMap = YAMLOMap;
	omap.omap = omap$1;
	return omap;
}

var schema = {};

var bool$1 = {};

var hasRequiredBool;

function requireBool () {
	if (hasRequiredBool) return bool$1;
	hasRequiredBool = 1;

	var Scalar = requireScalar();

	function boolStringify({ value, source }, ctx) {
	    const boolObj = value ? trueTag : falseTag;
	    if (source && boolObj.test.test(source))
	        return source;
	    return value ? ctx.options.trueStr : ctx.options.falseStr;
	}
	const trueTag = {
	    identify: value => value === true,
	    default: true,
	    tag: 'tag:yaml.org,2002:bool',
	    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
	    resolve: () => new Scalar.Scalar(true),
	    stringify: boolStringify
	};
	const falseTag = {
	    identify: value => value === false,
	    default: true,
	    tag: 'tag:yaml.org,2002:bool',
	    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
	    resolve: () => new Scalar.Scalar(false),
	    stringify: boolStringify
	};

	bool$1.falseTag = falseTag;
	bool$1.trueTag = trueTag;
	return bool$1;
}

var float = {};

var hasRequiredFloat;

function requireFloat () {
	if (hasRequiredFloat) return float;
	hasRequiredFloat = 1;

	var Scalar = requireScalar();
	var stringifyNumber = requireStringifyNumber();

	const floatNaN = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
	    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
	        ? NaN
	        : str[0] === '-'
	            ? Number.NEGATIVE_INFINITY
	            : Number.POSITIVE_INFINITY,
	    stringify: stringifyNumber.stringifyNumber
	};
	const floatExp = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    format: 'EXP',
	    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
	    resolve: (str) => parseFloat(str.replace(/_/g, '')),
	    stringify(node) {
	        const num = Number(node.value);
	        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
	    }
	};
	const float$1 = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
	    resolve(str) {
	        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, '')));
	        const dot = str.indexOf('.');
	        if (dot !== -1) {
	            const f = str.substring(dot + 1).replace(/_/g, '');
	            if (f[f.length - 1] === '0')
	                node.minFractionDigits = f.length;
	        }
	        return node;
	    },
	    stringify: stringifyNumber.stringifyNumber
	};

	float.float = float$1;
	float.floatExp = floatExp;
	float.floatNaN = floatNaN;
	return float;
}

var int = {};

var hasRequiredInt;

function requireInt () {
	if (hasRequiredInt) return int;
	hasRequiredInt = 1;

	var stringifyNumber = requireStringifyNumber();

	const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
	function intResolve(str, offset, radix, { intAsBigInt }) {
	    const sign = str[0];
	    if (sign === '-' || sign === '+')
	        offset += 1;
	    str = str.substring(offset).replace(/_/g, '');
	    if (intAsBigInt) {
	        switch (radix) {
	            case 2:
	                str = `0b${str}`;
	                break;
	            case 8:
	                str = `0o${str}`;
	                break;
	            case 16:
	                str = `0x${str}`;
	                break;
	        }
	        const n = BigInt(str);
	        return sign === '-' ? BigInt(-1) * n : n;
	    }
	    const n = parseInt(str, radix);
	    return sign === '-' ? -1 * n : n;
	}
	function intStringify(node, radix, prefix) {
	    const { value } = node;
	    if (intIdentify(value)) {
	        const str = value.toString(radix);
	        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
	    }
	    return stringifyNumber.stringifyNumber(node);
	}
	const intBin = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'BIN',
	    test: /^[-+]?0b[0-1_]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
	    stringify: node => intStringify(node, 2, '0b')
	};
	const intOct = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'OCT',
	    test: /^[-+]?0[0-7_]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
	    stringify: node => intStringify(node, 8, '0')
	};
	const int$1 = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    test: /^[-+]?[0-9][0-9_]*$/,
	    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
	    stringify: stringifyNumber.stringifyNumber
	};
	const intHex = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'HEX',
	    test: /^[-+]?0x[0-9a-fA-F_]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
	    stringify: node => intStringify(node, 16, '0x')
	};

	int.int = int$1;
	int.intBin = intBin;
	int.intHex = intHex;
	int.intOct = intOct;
	return int;
}

var set = {};

var hasRequiredSet;

function requireSet () {
	if (hasRequiredSet) return set;
	hasRequiredSet = 1;

	var identity = requireIdentity();
	var Pair = requirePair();
	var YAMLMap = requireYAMLMap();

	class YAMLSet extends YAMLMap.YAMLMap {
	    constructor(schema) {
	        super(schema);
	        this.tag = YAMLSet.tag;
	    }
	    add(key) {
	        let pair;
	        if (identity.isPair(key))
	            pair = key;
	        else if (key &&
	            typeof key === 'object' &&
	            'key' in key &&
	            'value' in key &&
	            key.value === null)
	            pair = new Pair.Pair(key.key, null);
	        else
	            pair = new Pair.Pair(key, null);
	        const prev = YAMLMap.findPair(this.items, pair.key);
	        if (!prev)
	            this.items.push(pair);
	    }
	    /**
	     * If `keepPair` is `true`, returns the Pair matching `key`.
	     * Otherwise, returns the value of that Pair's key.
	     */
	    get(key, keepPair) {
	        const pair = YAMLMap.findPair(this.items, key);
	        return !keepPair && identity.isPair(pair)
	            ? identity.isScalar(pair.key)
	                ? pair.key.value
	                : pair.key
	            : pair;
	    }
	    set(key, value) {
	        if (typeof value !== 'boolean')
	            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
	        const prev = YAMLMap.findPair(this.items, key);
	        if (prev && !value) {
	            this.items.splice(this.items.indexOf(prev), 1);
	        }
	        else if (!prev && value) {
	            this.items.push(new Pair.Pair(key));
	        }
	    }
	    toJSON(_, ctx) {
	        return super.toJSON(_, ctx, Set);
	    }
	    toString(ctx, onComment, onChompKeep) {
	        if (!ctx)
	            return JSON.stringify(this);
	        if (this.hasAllNullValues(true))
	            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
	        else
	            throw new Error('Set items must all have null values');
	    }
	    static from(schema, iterable, ctx) {
	        const { replacer } = ctx;
	        const set = new this(schema);
	        if (iterable && Symbol.iterator in Object(iterable))
	            for (let value of iterable) {
	                if (typeof replacer === 'function')
	                    value = replacer.call(iterable, value, value);
	                set.items.push(Pair.createPair(value, null, ctx));
	            }
	        return set;
	    }
	}
	YAMLSet.tag = 'tag:yaml.org,2002:set';
	const set$1 = {
	    collection: 'map',
	    identify: value => value instanceof Set,
	    nodeClass: YAMLSet,
	    default: false,
	    tag: 'tag:yaml.org,2002:set',
	    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
	    resolve(map, onError) {
	        if (identity.isMap(map)) {
	            if (map.hasAllNullValues(true))
	                return Object.assign(new YAMLSet(), map);
	            else
	                onError('Set items must all have null values');
	        }
	        else
	            onError('Expected a mapping for this tag');
	        return map;
	    }
	};

	set.YAMLSet = YAMLSet;
	set.set = set$1;
	return set;
}

var timestamp = {};

var hasRequiredTimestamp;

function requireTimestamp () {
	if (hasRequiredTimestamp) return timestamp;
	hasRequiredTimestamp = 1;

	var stringifyNumber = requireStringifyNumber();

	/** Internal types handle bigint as number, because TS can't figure it out. */
	function parseSexagesimal(str, asBigInt) {
	    const sign = str[0];
	    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
	    const num = (n) => asBigInt ? BigInt(n) : Number(n);
	    const res = parts
	        .replace(/_/g, '')
	        .split(':')
	        .reduce((res, p) => res * num(60) + num(p), num(0));
	    return (sign === '-' ? num(-1) * res : res);
	}
	/**
	 * hhhh:mm:ss.sss
	 *
	 * Internal types handle bigint as number, because TS can't figure it out.
	 */
	function stringifySexagesimal(node) {
	    let { value } = node;
	    let num = (n) => n;
	    if (typeof value === 'bigint')
	        num = n => BigInt(n);
	    else if (isNaN(value) || !isFinite(value))
	        return stringifyNumber.stringifyNumber(node);
	    let sign = '';
	    if (value < 0) {
	        sign = '-';
	        value *= num(-1);
	    }
	    const _60 = num(60);
	    const parts = [value % _60]; // seconds, including ms
	    if (value < 60) {
	        parts.unshift(0); // at least one : is required
	    }
	    else {
	        value = (value - parts[0]) / _60;
	        parts.unshift(value % _60); // minutes
	        if (value >= 60) {
	            value = (value - parts[0]) / _60;
	            parts.unshift(value); // hours
	        }
	    }
	    return (sign +
	        parts
	            .map(n => String(n).padStart(2, '0'))
	            .join(':')
	            .replace(/000000\d*$/, '') // % 60 may introduce error
	    );
	}
	const intTime = {
	    identify: value => typeof value === 'bigint' || Number.isInteger(value),
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'TIME',
	    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
	    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
	    stringify: stringifySexagesimal
	};
	const floatTime = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    format: 'TIME',
	    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
	    resolve: str => parseSexagesimal(str, false),
	    stringify: stringifySexagesimal
	};
	const timestamp$1 = {
	    identify: value => value instanceof Date,
	    default: true,
	    tag: 'tag:yaml.org,2002:timestamp',
	    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
	    // may be omitted altogether, resulting in a date format. In such a case, the time part is
	    // assumed to be 00:00:00Z (start of day, UTC).
	    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
	        '(?:' + // time is optional
	        '(?:t|T|[ \\t]+)' + // t | T | whitespace
	        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
	        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
	        ')?$'),
	    resolve(str) {
	        const match = str.match(timestamp$1.test);
	        if (!match)
	            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
	        const [, year, month, day, hour, minute, second] = match.map(Number);
	        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
	        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
	        const tz = match[8];
	        if (tz && tz !== 'Z') {
	            let d = parseSexagesimal(tz, false);
	            if (Math.abs(d) < 30)
	                d *= 60;
	            date -= 60000 * d;
	        }
	        return new Date(date);
	    },
	    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
	};

	timestamp.floatTime = floatTime;
	timestamp.intTime = intTime;
	timestamp.timestamp = timestamp$1;
	return timestamp;
}

var hasRequiredSchema$1;

function requireSchema$1 () {
	if (hasRequiredSchema$1) return schema;
	hasRequiredSchema$1 = 1;

	var map = requireMap();
	var _null = require_null();
	var seq = requireSeq();
	var string = requireString();
	var binary = requireBinary();
	var bool = requireBool();
	var float = requireFloat();
	var int = requireInt();
	var merge = requireMerge();
	var omap = requireOmap();
	var pairs = requirePairs();
	var set = requireSet();
	var timestamp = requireTimestamp();

	const schema$1 = [
	    map.map,
	    seq.seq,
	    string.string,
	    _null.nullTag,
	    bool.trueTag,
	    bool.falseTag,
	    int.intBin,
	    int.intOct,
	    int.int,
	    int.intHex,
	    float.floatNaN,
	    float.floatExp,
	    float.float,
	    binary.binary,
	    merge.merge,
	    omap.omap,
	    pairs.pairs,
	    set.set,
	    timestamp.intTime,
	    timestamp.floatTime,
	    timestamp.timestamp
	];

	schema.schema = schema$1;
	return schema;
}

var hasRequiredTags;

function requireTags () {
	if (hasRequiredTags) return tags;
	hasRequiredTags = 1;

	var map = requireMap();
	var _null = require_null();
	var seq = requireSeq();
	var string = requireString();
	var bool = requireBool$1();
	var float = requireFloat$1();
	var int = requireInt$1();
	var schema = requireSchema$3();
	var schema$1 = requireSchema$2();
	var binary = requireBinary();
	var merge = requireMerge();
	var omap = requireOmap();
	var pairs = requirePairs();
	var schema$2 = requireSchema$1();
	var set = requireSet();
	var timestamp = requireTimestamp();

	const schemas = new Map([
	    ['core', schema.schema],
	    ['failsafe', [map.map, seq.seq, string.string]],
	    ['json', schema$1.schema],
	    ['yaml11', schema$2.schema],
	    ['yaml-1.1', schema$2.schema]
	]);
	const tagsByName = {
	    binary: binary.binary,
	    bool: bool.boolTag,
	    float: float.float,
	    floatExp: float.floatExp,
	    floatNaN: float.floatNaN,
	    floatTime: timestamp.floatTime,
	    int: int.int,
	    intHex: int.intHex,
	    intOct: int.intOct,
	    intTime: timestamp.intTime,
	    map: map.map,
	    merge: merge.merge,
	    null: _null.nullTag,
	    omap: omap.omap,
	    pairs: pairs.pairs,
	    seq: seq.seq,
	    set: set.set,
	    timestamp: timestamp.timestamp
	};
	const coreKnownTags = {
	    'tag:yaml.org,2002:binary': binary.binary,
	    'tag:yaml.org,2002:merge': merge.merge,
	    'tag:yaml.org,2002:omap': omap.omap,
	    'tag:yaml.org,2002:pairs': pairs.pairs,
	    'tag:yaml.org,2002:set': set.set,
	    'tag:yaml.org,2002:timestamp': timestamp.timestamp
	};
	function getTags(customTags, schemaName, addMergeTag) {
	    const schemaTags = schemas.get(schemaName);
	    if (schemaTags && !customTags) {
	        return addMergeTag && !schemaTags.includes(merge.merge)
	            ? schemaTags.concat(merge.merge)
	            : schemaTags.slice();
	    }
	    let tags = schemaTags;
	    if (!tags) {
	        if (Array.isArray(customTags))
	            tags = [];
	        else {
	            const keys = Array.from(schemas.keys())
	                .filter(key => key !== 'yaml11')
	                .map(key => JSON.stringify(key))
	                .join(', ');
	            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
	        }
	    }
	    if (Array.isArray(customTags)) {
	        for (const tag of customTags)
	            tags = tags.concat(tag);
	    }
	    else if (typeof customTags === 'function') {
	        tags = customTags(tags.slice());
	    }
	    if (addMergeTag)
	        tags = tags.concat(merge.merge);
	    return tags.reduce((tags, tag) => {
	        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
	        if (!tagObj) {
	            const tagName = JSON.stringify(tag);
	            const keys = Object.keys(tagsByName)
	                .map(key => JSON.stringify(key))
	                .join(', ');
	            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
	        }
	        if (!tags.includes(tagObj))
	            tags.push(tagObj);
	        return tags;
	    }, []);
	}

	tags.coreKnownTags = coreKnownTags;
	tags.getTags = getTags;
	return tags;
}

var hasRequiredSchema;

function requireSchema () {
	if (hasRequiredSchema) return Schema;
	hasRequiredSchema = 1;

	var identity = requireIdentity();
	var map = requireMap();
	var seq = requireSeq();
	var string = requireString();
	var tags = requireTags();

	const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
	let Schema$1 = class Schema {
	    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
	        this.compat = Array.isArray(compat)
	            ? tags.getTags(compat, 'compat')
	            : compat
	                ? tags.getTags(null, compat)
	                : null;
	        this.name = (typeof schema === 'string' && schema) || 'core';
	        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
	        this.tags = tags.getTags(customTags, this.name, merge);
	        this.toStringOptions = toStringDefaults ?? null;
	        Object.defineProperty(this, identity.MAP, { value: map.map });
	        Object.defineProperty(this, identity.SCALAR, { value: string.string });
	        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
	        // Used by createMap()
	        this.sortMapEntries =
	            typeof sortMapEntries === 'function'
	                ? sortMapEntries
	                : sortMapEntries === true
	                    ? sortMapEntriesByKey
	                    : null;
	    }
	    clone() {
	        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
	        copy.tags = this.tags.slice();
	        return copy;
	    }
	};

	Schema.Schema = Schema$1;
	return Schema;
}

var stringifyDocument = {};

var hasRequiredStringifyDocument;

function requireStringifyDocument () {
	if (hasRequiredStringifyDocument) return stringifyDocument;
	hasRequiredStringifyDocument = 1;

	var identity = requireIdentity();
	var stringify = requireStringify();
	var stringifyComment = requireStringifyComment();

	function stringifyDocument$1(doc, options) {
	    const lines = [];
	    let hasDirectives = options.directives === true;
	    if (options.directives !== false && doc.directives) {
	        const dir = doc.directives.toString(doc);
	        if (dir) {
	            lines.push(dir);
	            hasDirectives = true;
	        }
	        else if (doc.directives.docStart)
	            hasDirectives = true;
	    }
	    if (hasDirectives)
	        lines.push('---');
	    const ctx = stringify.createStringifyContext(doc, options);
	    const { commentString } = ctx.options;
	    if (doc.commentBefore) {
	        if (lines.length !== 1)
	            lines.unshift('');
	        const cs = commentString(doc.commentBefore);
	        lines.unshift(stringifyComment.indentComment(cs, ''));
	    }
	    let chompKeep = false;
	    let contentComment = null;
	    if (doc.contents) {
	        if (identity.isNode(doc.contents)) {
	            if (doc.contents.spaceBefore && hasDirectives)
	                lines.push('');
	            if (doc.contents.commentBefore) {
	                const cs = commentString(doc.contents.commentBefore);
	                lines.push(stringifyComment.indentComment(cs, ''));
	            }
	            // top-level block scalars need to be indented if followed by a comment
	            ctx.forceBlockIndent = !!doc.comment;
	            contentComment = doc.contents.comment;
	        }
	        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
	        let body = stringify.stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
	        if (contentComment)
	            body += stringifyComment.lineComment(body, '', commentString(contentComment));
	        if ((body[0] === '|' || body[0] === '>') &&
	            lines[lines.length - 1] === '---') {
	            // Top-level block scalars with a preceding doc marker ought to use the
	            // same line for their header.
	            lines[lines.length - 1] = `--- ${body}`;
	        }
	        else
	            lines.push(body);
	    }
	    else {
	        lines.push(stringify.stringify(doc.contents, ctx));
	    }
	    if (doc.directives?.docEnd) {
	        if (doc.comment) {
	            const cs = commentString(doc.comment);
	            if (cs.includes('\n')) {
	                lines.push('...');
	                lines.push(stringifyComment.indentComment(cs, ''));
	            }
	            else {
	                lines.push(`... ${cs}`);
	            }
	        }
	        else {
	            lines.push('...');
	        }
	    }
	    else {
	        let dc = doc.comment;
	        if (dc && chompKeep)
	            dc = dc.replace(/^\n+/, '');
	        if (dc) {
	            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
	                lines.push('');
	            lines.push(stringifyComment.indentComment(commentString(dc), ''));
	        }
	    }
	    return lines.join('\n') + '\n';
	}

	stringifyDocument.stringifyDocument = stringifyDocument$1;
	return stringifyDocument;
}

var hasRequiredDocument;

function requireDocument () {
	if (hasRequiredDocument) return Document;
	hasRequiredDocument = 1;

	var Alias = requireAlias();
	var Collection = requireCollection();
	var identity = requireIdentity();
	var Pair = requirePair();
	var toJS = requireToJS();
	var Schema = requireSchema();
	var stringifyDocument = requireStringifyDocument();
	var anchors = requireAnchors();
	var applyReviver = requireApplyReviver();
	var createNode = requireCreateNode();
	var directives = requireDirectives();

	let Document$1 = class Document {
	    constructor(value, replacer, options) {
	        /** A comment before this Document */
	        this.commentBefore = null;
	        /** A comment immediately after this Document */
	        this.comment = null;
	        /** Errors encountered during parsing. */
	        this.errors = [];
	        /** Warnings encountered during parsing. */
	        this.warnings = [];
	        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
	        let _replacer = null;
	        if (typeof replacer === 'function' || Array.isArray(replacer)) {
	            _replacer = replacer;
	        }
	        else if (options === undefined && replacer) {
	            options = replacer;
	            replacer = undefined;
	        }
	        const opt = Object.assign({
	            intAsBigInt: false,
	            keepSourceTokens: false,
	            logLevel: 'warn',
	            prettyErrors: true,
	            strict: true,
	            stringKeys: false,
	            uniqueKeys: true,
	            version: '1.2'
	        }, options);
	        this.options = opt;
	        let { version } = opt;
	        if (options?._directives) {
	            this.directives = options._directives.atDocument();
	            if (this.directives.yaml.explicit)
	                version = this.directives.yaml.version;
	        }
	        else
	            this.directives = new directives.Directives({ version });
	        this.setSchema(version, options);
	        // @ts-expect-error We can't really know that this matches Contents.
	        this.contents =
	            value === undefined ? null : this.createNode(value, _replacer, options);
	    }
	    /**
	     * Create a deep copy of this Document and its contents.
	     *
	     * Custom Node values that inherit from `Object` still refer to their original instances.
	     */
	    clone() {
	        const copy = Object.create(Document.prototype, {
	            [identity.NODE_TYPE]: { value: identity.DOC }
	        });
	        copy.commentBefore = this.commentBefore;
	        copy.comment = this.comment;
	        copy.errors = this.errors.slice();
	        copy.warnings = this.warnings.slice();
	        copy.options = Object.assign({}, this.options);
	        if (this.directives)
	            copy.directives = this.directives.clone();
	        copy.schema = this.schema.clone();
	        // @ts-expect-error We can't really know that this matches Contents.
	        copy.contents = identity.isNode(this.contents)
	            ? this.contents.clone(copy.schema)
	            : this.contents;
	        if (this.range)
	            copy.range = this.range.slice();
	        return copy;
	    }
	    /** Adds a value to the document. */
	    add(value) {
	        if (assertCollection(this.contents))
	            this.contents.add(value);
	    }
	    /** Adds a value to the document. */
	    addIn(path, value) {
	        if (assertCollection(this.contents))
	            this.contents.addIn(path, value);
	    }
	    /**
	     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
	     *
	     * If `node` already has an anchor, `name` is ignored.
	     * Otherwise, the `node.anchor` value will be set to `name`,
	     * or if an anchor with that name is already present in the document,
	     * `name` will be used as a prefix for a new unique anchor.
	     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
	     */
	    createAlias(node, name) {
	        if (!node.anchor) {
	            const prev = anchors.anchorNames(this);
	            node.anchor =
	                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
	                !name || prev.has(name) ? anchors.findNewAnchor(name || 'a', prev) : name;
	        }
	        return new Alias.Alias(node.anchor);
	    }
	    createNode(value, replacer, options) {
	        let _replacer = undefined;
	        if (typeof replacer === 'function') {
	            value = replacer.call({ '': value }, '', value);
	            _replacer = replacer;
	        }
	        else if (Array.isArray(replacer)) {
	            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
	            const asStr = replacer.filter(keyToStr).map(String);
	            if (asStr.length > 0)
	                replacer = replacer.concat(asStr);
	            _replacer = replacer;
	        }
	        else if (options === undefined && replacer) {
	            options = replacer;
	            replacer = undefined;
	        }
	        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
	        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(this, 
	        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
	        anchorPrefix || 'a');
	        const ctx = {
	            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
	            keepUndefined: keepUndefined ?? false,
	            onAnchor,
	            onTagObj,
	            replacer: _replacer,
	            schema: this.schema,
	            sourceObjects
	        };
	        const node = createNode.createNode(value, tag, ctx);
	        if (flow && identity.isCollection(node))
	            node.flow = true;
	        setAnchors();
	        return node;
	    }
	    /**
	     * Convert a key and a value into a `Pair` using the current schema,
	     * recursively wrapping all values as `Scalar` or `Collection` nodes.
	     */
	    createPair(key, value, options = {}) {
	        const k = this.createNode(key, null, options);
	        const v = this.createNode(value, null, options);
	        return new Pair.Pair(k, v);
	    }
	    /**
	     * Removes a value from the document.
	     * @returns `true` if the item was found and removed.
	     */
	    delete(key) {
	        return assertCollection(this.contents) ? this.contents.delete(key) : false;
	    }
	    /**
	     * Removes a value from the document.
	     * @returns `true` if the item was found and removed.
	     */
	    deleteIn(path) {
	        if (Collection.isEmptyPath(path)) {
	            if (this.contents == null)
	                return false;
	            // @ts-expect-error Presumed impossible if Strict extends false
	            this.contents = null;
	            return true;
	        }
	        return assertCollection(this.contents)
	            ? this.contents.deleteIn(path)
	            : false;
	    }
	    /**
	     * Returns item at `key`, or `undefined` if not found. By default unwraps
	     * scalar values from their surrounding node; to disable set `keepScalar` to
	     * `true` (collections are always returned intact).
	     */
	    get(key, keepScalar) {
	        return identity.isCollection(this.contents)
	            ? this.contents.get(key, keepScalar)
	            : undefined;
	    }
	    /**
	     * Returns item at `path`, or `undefined` if not found. By default unwraps
	     * scalar values from their surrounding node; to disable set `keepScalar` to
	     * `true` (collections are always returned intact).
	     */
	    getIn(path, keepScalar) {
	        if (Collection.isEmptyPath(path))
	            return !keepScalar && identity.isScalar(this.contents)
	                ? this.contents.value
	                : this.contents;
	        return identity.isCollection(this.contents)
	            ? this.contents.getIn(path, keepScalar)
	            : undefined;
	    }
	    /**
	     * Checks if the document includes a value with the key `key`.
	     */
	    has(key) {
	        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
	    }
	    /**
	     * Checks if the document includes a value at `path`.
	     */
	    hasIn(path) {
	        if (Collection.isEmptyPath(path))
	            return this.contents !== undefined;
	        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
	    }
	    /**
	     * Sets a value in this document. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     */
	    set(key, value) {
	        if (this.contents == null) {
	            // @ts-expect-error We can't really know that this matches Contents.
	            this.contents = Collection.collectionFromPath(this.schema, [key], value);
	        }
	        else if (assertCollection(this.contents)) {
	            this.contents.set(key, value);
	        }
	    }
	    /**
	     * Sets a value in this document. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     */
	    setIn(path, value) {
	        if (Collection.isEmptyPath(path)) {
	            // @ts-expect-error We can't really know that this matches Contents.
	            this.contents = value;
	        }
	        else if (this.contents == null) {
	            // @ts-expect-error We can't really know that this matches Contents.
	            this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
	        }
	        else if (assertCollection(this.contents)) {
	            this.contents.setIn(path, value);
	        }
	    }
	    /**
	     * Change the YAML version and schema used by the document.
	     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
	     * It also requires the `schema` option to be given as a `Schema` instance value.
	     *
	     * Overrides all previously set schema options.
	     */
	    setSchema(version, options = {}) {
	        if (typeof version === 'number')
	            version = String(version);
	        let opt;
	        switch (version) {
	            case '1.1':
	                if (this.directives)
	                    this.directives.yaml.version = '1.1';
	                else
	                    this.directives = new directives.Directives({ version: '1.1' });
	                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
	                break;
	            case '1.2':
	            case 'next':
	                if (this.directives)
	                    this.directives.yaml.version = version;
	                else
	                    this.directives = new directives.Directives({ version });
	                opt = { resolveKnownTags: true, schema: 'core' };
	                break;
	            case null:
	                if (this.directives)
	                    delete this.directives;
	                opt = null;
	                break;
	            default: {
	                const sv = JSON.stringify(version);
	                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
	            }
	        }
	        // Not using `instanceof Schema` to allow for duck typing
	        if (options.schema instanceof Object)
	            this.schema = options.schema;
	        else if (opt)
	            this.schema = new Schema.Schema(Object.assign(opt, options));
	        else
	            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
	    }
	    // json & jsonArg are only used from toJSON()
	    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
	        const ctx = {
	            anchors: new Map(),
	            doc: this,
	            keep: !json,
	            mapAsMap: mapAsMap === true,
	            mapKeyWarned: false,
	            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
	        };
	        const res = toJS.toJS(this.contents, jsonArg ?? '', ctx);
	        if (typeof onAnchor === 'function')
	            for (const { count, res } of ctx.anchors.values())
	                onAnchor(res, count);
	        return typeof reviver === 'function'
	            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
	            : res;
	    }
	    /**
	     * A JSON representation of the document `contents`.
	     *
	     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
	     *   property name.
	     */
	    toJSON(jsonArg, onAnchor) {
	        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
	    }
	    /** A YAML representation of the document. */
	    toString(options = {}) {
	        if (this.errors.length > 0)
	            throw new Error('Document with errors cannot be stringified');
	        if ('indent' in options &&
	            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
	            const s = JSON.stringify(options.indent);
	            throw new Error(`"indent" option must be a positive integer, not ${s}`);
	        }
	        return stringifyDocument.stringifyDocument(this, options);
	    }
	};
	function assertCollection(contents) {
	    if (identity.isCollection(contents))
	        return true;
	    throw new Error('Expected a YAML collection as document contents');
	}

	Document.Document = Document$1;
	return Document;
}

var errors = {};

var hasRequiredErrors;

function requireErrors () {
	if (hasRequiredErrors) return errors;
	hasRequiredErrors = 1;

	class YAMLError extends Error {
	    constructor(name, pos, code, message) {
	        super();
	        this.name = name;
	        this.code = code;
	        this.message = message;
	        this.pos = pos;
	    }
	}
	class YAMLParseError extends YAMLError {
	    constructor(pos, code, message) {
	        super('YAMLParseError', pos, code, message);
	    }
	}
	class YAMLWarning extends YAMLError {
	    constructor(pos, code, message) {
	        super('YAMLWarning', pos, code, message);
	    }
	}
	const prettifyError = (src, lc) => (error) => {
	    if (error.pos[0] === -1)
	        return;
	    error.linePos = error.pos.map(pos => lc.linePos(pos));
	    const { line, col } = error.linePos[0];
	    error.message += ` at line ${line}, column ${col}`;
	    let ci = col - 1;
	    let lineStr = src
	        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
	        .replace(/[\n\r]+$/, '');
	    // Trim to max 80 chars, keeping col position near the middle
	    if (ci >= 60 && lineStr.length > 80) {
	        const trimStart = Math.min(ci - 39, lineStr.length - 79);
	        lineStr = '…' + lineStr.substring(trimStart);
	        ci -= trimStart - 1;
	    }
	    if (lineStr.length > 80)
	        lineStr = lineStr.substring(0, 79) + '…';
	    // Include previous line in context if pointing at line start
	    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
	        // Regexp won't match if start is trimmed
	        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
	        if (prev.length > 80)
	            prev = prev.substring(0, 79) + '…\n';
	        lineStr = prev + lineStr;
	    }
	    if (/[^ ]/.test(lineStr)) {
	        let count = 1;
	        const end = error.linePos[1];
	        if (end?.line === line && end.col > col) {
	            count = Math.max(1, Math.min(end.col - col, 80 - ci));
	        }
	        const pointer = ' '.repeat(ci) + '^'.repeat(count);
	        error.message += `:\n\n${lineStr}\n${pointer}\n`;
	    }
	};

	errors.YAMLError = YAMLError;
	errors.YAMLParseError = YAMLParseError;
	errors.YAMLWarning = YAMLWarning;
	errors.prettifyError = prettifyError;
	return errors;
}

var composeDoc = {};

var composeNode = {};

var composeCollection = {};

var resolveBlockMap = {};

var resolveProps = {};

var hasRequiredResolveProps;

function requireResolveProps () {
	if (hasRequiredResolveProps) return resolveProps;
	hasRequiredResolveProps = 1;

	function resolveProps$1(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
	    let spaceBefore = false;
	    let atNewline = startOnNewline;
	    let hasSpace = startOnNewline;
	    let comment = '';
	    let commentSep = '';
	    let hasNewline = false;
	    let reqSpace = false;
	    let tab = null;
	    let anchor = null;
	    let tag = null;
	    let newlineAfterProp = null;
	    let comma = null;
	    let found = null;
	    let start = null;
	    for (const token of tokens) {
	        if (reqSpace) {
	            if (token.type !== 'space' &&
	                token.type !== 'newline' &&
	                token.type !== 'comma')
	                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
	            reqSpace = false;
	        }
	        if (tab) {
	            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
	                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
	            }
	            tab = null;
	        }
	        switch (token.type) {
	            case 'space':
	                // At the doc level, tabs at line start may be parsed
	                // as leading white space rather than indentation.
	                // In a flow collection, only the parser handles indent.
	                if (!flow &&
	                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
	                    token.source.includes('\t')) {
	                    tab = token;
	                }
	                hasSpace = true;
	                break;
	            case 'comment': {
	                if (!hasSpace)
	                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
	                const cb = token.source.substring(1) || ' ';
	                if (!comment)
	                    comment = cb;
	                else
	                    comment += commentSep + cb;
	                commentSep = '';
	                atNewline = false;
	                break;
	            }
	            case 'newline':
	                if (atNewline) {
	                    if (comment)
	                        comment += token.source;
	                    else if (!found || indicator !== 'seq-item-ind')
	                        spaceBefore = true;
	                }
	                else
	                    commentSep += token.source;
	                atNewline = true;
	                hasNewline = true;
	                if (anchor || tag)
	                    newlineAfterProp = token;
	                hasSpace = true;
	                break;
	            case 'anchor':
	                if (anchor)
	                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
	                if (token.source.endsWith(':'))
	                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
	                anchor = token;
	                start ?? (start = token.offset);
	                atNewline = false;
	                hasSpace = false;
	                reqSpace = true;
	                break;
	            case 'tag': {
	                if (tag)
	                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
	                tag = token;
	                start ?? (start = token.offset);
	                atNewline = false;
	                hasSpace = false;
	                reqSpace = true;
	                break;
	            }
	            case indicator:
	                // Could here handle preceding comments differently
	                if (anchor || tag)
	                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
	                if (found)
	                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
	                found = token;
	                atNewline =
	                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
	                hasSpace = false;
	                break;
	            case 'comma':
	                if (flow) {
	                    if (comma)
	                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
	                    comma = token;
	                    atNewline = false;
	                    hasSpace = false;
	                    break;
	                }
	            // else fallthrough
	            default:
	                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
	                atNewline = false;
	                hasSpace = false;
	        }
	    }
	    const last = tokens[tokens.length - 1];
	    const end = last ? last.offset + last.source.length : offset;
	    if (reqSpace &&
	        next &&
	        next.type !== 'space' &&
	        next.type !== 'newline' &&
	        next.type !== 'comma' &&
	        (next.type !== 'scalar' || next.source !== '')) {
	        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
	    }
	    if (tab &&
	        ((atNewline && tab.indent <= parentIndent) ||
	            next?.type === 'block-map' ||
	            next?.type === 'block-seq'))
	        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
	    return {
	        comma,
	        found,
	        spaceBefore,
	        comment,
	        hasNewline,
	        anchor,
	        tag,
	        newlineAfterProp,
	        end,
	        start: start ?? end
	    };
	}

	resolveProps.resolveProps = resolveProps$1;
	return resolveProps;
}

var utilContainsNewline = {};

var hasRequiredUtilContainsNewline;

function requireUtilContainsNewline () {
	if (hasRequiredUtilContainsNewline) return utilContainsNewline;
	hasRequiredUtilContainsNewline = 1;

	function containsNewline(key) {
	    if (!key)
	        return null;
	    switch (key.type) {
	        case 'alias':
	        case 'scalar':
	        case 'double-quoted-scalar':
	        case 'single-quoted-scalar':
	            if (key.source.includes('\n'))
	                return true;
	            if (key.end)
	                for (const st of key.end)
	                    if (st.type === 'newline')
	                        return true;
	            return false;
	        case 'flow-collection':
	            for (const it of key.items) {
	                for (const st of it.start)
	                    if (st.type === 'newline')
	                        return true;
	                if (it.sep)
	                    for (const st of it.sep)
	                        if (st.type === 'newline')
	                            return true;
	                if (containsNewline(it.key) || containsNewline(it.value))
	                    return true;
	            }
	            return false;
	        default:
	            return true;
	    }
	}

	utilContainsNewline.containsNewline = containsNewline;
	return utilContainsNewline;
}

var utilFlowIndentCheck = {};

var hasRequiredUtilFlowIndentCheck;

function requireUtilFlowIndentCheck () {
	if (hasRequiredUtilFlowIndentCheck) return utilFlowIndentCheck;
	hasRequiredUtilFlowIndentCheck = 1;

	var utilContainsNewline = requireUtilContainsNewline();

	function flowIndentCheck(indent, fc, onError) {
	    if (fc?.type === 'flow-collection') {
	        const end = fc.end[0];
	        if (end.indent === indent &&
	            (end.source === ']' || end.source === '}') &&
	            utilContainsNewline.containsNewline(fc)) {
	            const msg = 'Flow end indicator should be more indented than parent';
	            onError(end, 'BAD_INDENT', msg, true);
	        }
	    }
	}

	utilFlowIndentCheck.flowIndentCheck = flowIndentCheck;
	return utilFlowIndentCheck;
}

var utilMapIncludes = {};

var hasRequiredUtilMapIncludes;

function requireUtilMapIncludes () {
	if (hasRequiredUtilMapIncludes) return utilMapIncludes;
	hasRequiredUtilMapIncludes = 1;

	var identity = requireIdentity();

	function mapIncludes(ctx, items, search) {
	    const { uniqueKeys } = ctx.options;
	    if (uniqueKeys === false)
	        return false;
	    const isEqual = typeof uniqueKeys === 'function'
	        ? uniqueKeys
	        : (a, b) => a === b || (identity.isScalar(a) && identity.isScalar(b) && a.value === b.value);
	    return items.some(pair => isEqual(pair.key, search));
	}

	utilMapIncludes.mapIncludes = mapIncludes;
	return utilMapIncludes;
}

var hasRequiredResolveBlockMap;

function requireResolveBlockMap () {
	if (hasRequiredResolveBlockMap) return resolveBlockMap;
	hasRequiredResolveBlockMap = 1;

	var Pair = requirePair();
	var YAMLMap = requireYAMLMap();
	var resolveProps = requireResolveProps();
	var utilContainsNewline = requireUtilContainsNewline();
	var utilFlowIndentCheck = requireUtilFlowIndentCheck();
	var utilMapIncludes = requireUtilMapIncludes();

	const startColMsg = 'All mapping items must start at the same column';
	function resolveBlockMap$1({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
	    const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
	    const map = new NodeClass(ctx.schema);
	    if (ctx.atRoot)
	        ctx.atRoot = false;
	    let offset = bm.offset;
	    let commentEnd = null;
	    for (const collItem of bm.items) {
	        const { start, key, sep, value } = collItem;
	        // key properties
	        const keyProps = resolveProps.resolveProps(start, {
	            indicator: 'explicit-key-ind',
	            next: key ?? sep?.[0],
	            offset,
	            onError,
	            parentIndent: bm.indent,
	            startOnNewline: true
	        });
	        const implicitKey = !keyProps.found;
	        if (implicitKey) {
	            if (key) {
	                if (key.type === 'block-seq')
	                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
	                else if ('indent' in key && key.indent !== bm.indent)
	                    onError(offset, 'BAD_INDENT', startColMsg);
	            }
	            if (!keyProps.anchor && !keyProps.tag && !sep) {
	                commentEnd = keyProps.end;
	                if (keyProps.comment) {
	                    if (map.comment)
	                        map.comment += '\n' + keyProps.comment;
	                    else
	                        map.comment = keyProps.comment;
	                }
	                continue;
	            }
	            if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
	                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
	            }
	        }
	        else if (keyProps.found?.indent !== bm.indent) {
	            onError(offset, 'BAD_INDENT', startColMsg);
	        }
	        // key value
	        ctx.atKey = true;
	        const keyStart = keyProps.end;
	        const keyNode = key
	            ? composeNode(ctx, key, keyProps, onError)
	            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
	        if (ctx.schema.compat)
	            utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
	        ctx.atKey = false;
	        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
	            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
	        // value properties
	        const valueProps = resolveProps.resolveProps(sep ?? [], {
	            indicator: 'map-value-ind',
	            next: value,
	            offset: keyNode.range[2],
	            onError,
	            parentIndent: bm.indent,
	            startOnNewline: !key || key.type === 'block-scalar'
	        });
	        offset = valueProps.end;
	        if (valueProps.found) {
	            if (implicitKey) {
	                if (value?.type === 'block-map' && !valueProps.hasNewline)
	                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
	                if (ctx.options.strict &&
	                    keyProps.start < valueProps.found.offset - 1024)
	                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
	            }
	            // value value
	            const valueNode = value
	                ? composeNode(ctx, value, valueProps, onError)
	                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
	            if (ctx.schema.compat)
	                utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
	            offset = valueNode.range[2];
	            const pair = new Pair.Pair(keyNode, valueNode);
	            if (ctx.options.keepSourceTokens)
	                pair.srcToken = collItem;
	            map.items.push(pair);
	        }
	        else {
	            // key with no value
	            if (implicitKey)
	                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
	            if (valueProps.comment) {
	                if (keyNode.comment)
	                    keyNode.comment += '\n' + valueProps.comment;
	                else
	                    keyNode.comment = valueProps.comment;
	            }
	            const pair = new Pair.Pair(keyNode);
	            if (ctx.options.keepSourceTokens)
	                pair.srcToken = collItem;
	            map.items.push(pair);
	        }
	    }
	    if (commentEnd && commentEnd < offset)
	        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
	    map.range = [bm.offset, offset, commentEnd ?? offset];
	    return map;
	}

	resolveBlockMap.resolveBlockMap = resolveBlockMap$1;
	return resolveBlockMap;
}

var resolveBlockSeq = {};

var hasRequiredResolveBlockSeq;

function requireResolveBlockSeq () {
	if (hasRequiredResolveBlockSeq) return resolveBlockSeq;
	hasRequiredResolveBlockSeq = 1;

	var YAMLSeq = requireYAMLSeq();
	var resolveProps = requireResolveProps();
	var utilFlowIndentCheck = requireUtilFlowIndentCheck();

	function resolveBlockSeq$1({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
	    const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
	    const seq = new NodeClass(ctx.schema);
	    if (ctx.atRoot)
	        ctx.atRoot = false;
	    if (ctx.atKey)
	        ctx.atKey = false;
	    let offset = bs.offset;
	    let commentEnd = null;
	    for (const { start, value } of bs.items) {
	        const props = resolveProps.resolveProps(start, {
	            indicator: 'seq-item-ind',
	            next: value,
	            offset,
	            onError,
	            parentIndent: bs.indent,
	            startOnNewline: true
	        });
	        if (!props.found) {
	            if (props.anchor || props.tag || value) {
	                if (value?.type === 'block-seq')
	                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
	                else
	                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
	            }
	            else {
	                commentEnd = props.end;
	                if (props.comment)
	                    seq.comment = props.comment;
	                continue;
	            }
	        }
	        const node = value
	            ? composeNode(ctx, value, props, onError)
	            : composeEmptyNode(ctx, props.end, start, null, props, onError);
	        if (ctx.schema.compat)
	            utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
	        offset = node.range[2];
	        seq.items.push(node);
	    }
	    seq.range = [bs.offset, offset, commentEnd ?? offset];
	    return seq;
	}

	resolveBlockSeq.resolveBlockSeq = resolveBlockSeq$1;
	return resolveBlockSeq;
}

var resolveFlowCollection = {};

var resolveEnd = {};

var hasRequiredResolveEnd;

function requireResolveEnd () {
	if (hasRequiredResolveEnd) return resolveEnd;
	hasRequiredResolveEnd = 1;

	function resolveEnd$1(end, offset, reqSpace, onError) {
	    let comment = '';
	    if (end) {
	        let hasSpace = false;
	        let sep = '';
	        for (const token of end) {
	            const { source, type } = token;
	            switch (type) {
	                case 'space':
	                    hasSpace = true;
	                    break;
	                case 'comment': {
	                    if (reqSpace && !hasSpace)
	                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
	                    const cb = source.substring(1) || ' ';
	                    if (!comment)
	                        comment = cb;
	                    else
	                        comment += sep + cb;
	                    sep = '';
	                    break;
	                }
	                case 'newline':
	                    if (comment)
	                        sep += source;
	                    hasSpace = true;
	                    break;
	                default:
	                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
	            }
	            offset += source.length;
	        }
	    }
	    return { comment, offset };
	}

	resolveEnd.resolveEnd = resolveEnd$1;
	return resolveEnd;
}

var hasRequiredResolveFlowCollection;

function requireResolveFlowCollection () {
	if (hasRequiredResolveFlowCollection) return resolveFlowCollection;
	hasRequiredResolveFlowCollection = 1;

	var identity = requireIdentity();
	var Pair = requirePair();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var resolveEnd = requireResolveEnd();
	var resolveProps = requireResolveProps();
	var utilContainsNewline = requireUtilContainsNewline();
	var utilMapIncludes = requireUtilMapIncludes();

	const blockMsg = 'Block collections are not allowed within flow collections';
	const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
	function resolveFlowCollection$1({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
	    const isMap = fc.start.source === '{';
	    const fcName = isMap ? 'flow map' : 'flow sequence';
	    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq));
	    const coll = new NodeClass(ctx.schema);
	    coll.flow = true;
	    const atRoot = ctx.atRoot;
	    if (atRoot)
	        ctx.atRoot = false;
	    if (ctx.atKey)
	        ctx.atKey = false;
	    let offset = fc.offset + fc.start.source.length;
	    for (let i = 0; i < fc.items.length; ++i) {
	        const collItem = fc.items[i];
	        const { start, key, sep, value } = collItem;
	        const props = resolveProps.resolveProps(start, {
	            flow: fcName,
	            indicator: 'explicit-key-ind',
	            next: key ?? sep?.[0],
	            offset,
	            onError,
	            parentIndent: fc.indent,
	            startOnNewline: false
	        });
	        if (!props.found) {
	            if (!props.anchor && !props.tag && !sep && !value) {
	                if (i === 0 && props.comma)
	                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
	                else if (i < fc.items.length - 1)
	                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
	                if (props.comment) {
	                    if (coll.comment)
	                        coll.comment += '\n' + props.comment;
	                    else
	                        coll.comment = props.comment;
	                }
	                offset = props.end;
	                continue;
	            }
	            if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
	                onError(key, // checked by containsNewline()
	                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
	        }
	        if (i === 0) {
	            if (props.comma)
	                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
	        }
	        else {
	            if (!props.comma)
	                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
	            if (props.comment) {
	                let prevItemComment = '';
	                loop: for (const st of start) {
	                    switch (st.type) {
	                        case 'comma':
	                        case 'space':
	                            break;
	                        case 'comment':
	                            prevItemComment = st.source.substring(1);
	                            break loop;
	                        default:
	                            break loop;
	                    }
	                }
	                if (prevItemComment) {
	                    let prev = coll.items[coll.items.length - 1];
	                    if (identity.isPair(prev))
	                        prev = prev.value ?? prev.key;
	                    if (prev.comment)
	                        prev.comment += '\n' + prevItemComment;
	                    else
	                        prev.comment = prevItemComment;
	                    props.comment = props.comment.substring(prevItemComment.length + 1);
	                }
	            }
	        }
	        if (!isMap && !sep && !props.found) {
	            // item is a value in a seq
	            // → key & sep are empty, start does not include ? or :
	            const valueNode = value
	                ? composeNode(ctx, value, props, onError)
	                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
	            coll.items.push(valueNode);
	            offset = valueNode.range[2];
	            if (isBlock(value))
	                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
	        }
	        else {
	            // item is a key+value pair
	            // key value
	            ctx.atKey = true;
	            const keyStart = props.end;
	            const keyNode = key
	                ? composeNode(ctx, key, props, onError)
	                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
	            if (isBlock(key))
	                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
	            ctx.atKey = false;
	            // value properties
	            const valueProps = resolveProps.resolveProps(sep ?? [], {
	                flow: fcName,
	                indicator: 'map-value-ind',
	                next: value,
	                offset: keyNode.range[2],
	                onError,
	                parentIndent: fc.indent,
	                startOnNewline: false
	            });
	            if (valueProps.found) {
	                if (!isMap && !props.found && ctx.options.strict) {
	                    if (sep)
	                        for (const st of sep) {
	                            if (st === valueProps.found)
	                                break;
	                            if (st.type === 'newline') {
	                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
	                                break;
	                            }
	                        }
	                    if (props.start < valueProps.found.offset - 1024)
	                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
	                }
	            }
	            else if (value) {
	                if ('source' in value && value.source?.[0] === ':')
	                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
	                else
	                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
	            }
	            // value value
	            const valueNode = value
	                ? composeNode(ctx, value, valueProps, onError)
	                : valueProps.found
	                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
	                    : null;
	            if (valueNode) {
	                if (isBlock(value))
	                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
	            }
	            else if (valueProps.comment) {
	                if (keyNode.comment)
	                    keyNode.comment += '\n' + valueProps.comment;
	                else
	                    keyNode.comment = valueProps.comment;
	            }
	            const pair = new Pair.Pair(keyNode, valueNode);
	            if (ctx.options.keepSourceTokens)
	                pair.srcToken = collItem;
	            if (isMap) {
	                const map = coll;
	                if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
	                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
	                map.items.push(pair);
	            }
	            else {
	                const map = new YAMLMap.YAMLMap(ctx.schema);
	                map.flow = true;
	                map.items.push(pair);
	                const endRange = (valueNode ?? keyNode).range;
	                map.range = [keyNode.range[0], endRange[1], endRange[2]];
	                coll.items.push(map);
	            }
	            offset = valueNode ? valueNode.range[2] : valueProps.end;
	        }
	    }
	    const expectedEnd = isMap ? '}' : ']';
	    const [ce, ...ee] = fc.end;
	    let cePos = offset;
	    if (ce?.source === expectedEnd)
	        cePos = ce.offset + ce.source.length;
	    else {
	        const name = fcName[0].toUpperCase() + fcName.substring(1);
	        const msg = atRoot
	            ? `${name} must end with a ${expectedEnd}`
	            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
	        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
	        if (ce && ce.source.length !== 1)
	            ee.unshift(ce);
	    }
	    if (ee.length > 0) {
	        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
	        if (end.comment) {
	            if (coll.comment)
	                coll.comment += '\n' + end.comment;
	            else
	                coll.comment = end.comment;
	        }
	        coll.range = [fc.offset, cePos, end.offset];
	    }
	    else {
	        coll.range = [fc.offset, cePos, cePos];
	    }
	    return coll;
	}

	resolveFlowCollection.resolveFlowCollection = resolveFlowCollection$1;
	return resolveFlowCollection;
}

var hasRequiredComposeCollection;

function requireComposeCollection () {
	if (hasRequiredComposeCollection) return composeCollection;
	hasRequiredComposeCollection = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var resolveBlockMap = requireResolveBlockMap();
	var resolveBlockSeq = requireResolveBlockSeq();
	var resolveFlowCollection = requireResolveFlowCollection();

	function resolveCollection(CN, ctx, token, onError, tagName, tag) {
	    const coll = token.type === 'block-map'
	        ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag)
	        : token.type === 'block-seq'
	            ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag)
	            : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
	    const Coll = coll.constructor;
	    // If we got a tagName matching the class, or the tag name is '!',
	    // then use the tagName from the node class used to create it.
	    if (tagName === '!' || tagName === Coll.tagName) {
	        coll.tag = Coll.tagName;
	        return coll;
	    }
	    if (tagName)
	        coll.tag = tagName;
	    return coll;
	}
	function composeCollection$1(CN, ctx, token, props, onError) {
	    const tagToken = props.tag;
	    const tagName = !tagToken
	        ? null
	        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
	    if (token.type === 'block-seq') {
	        const { anchor, newlineAfterProp: nl } = props;
	        const lastProp = anchor && tagToken
	            ? anchor.offset > tagToken.offset
	                ? anchor
	                : tagToken
	            : (anchor ?? tagToken);
	        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
	            const message = 'Missing newline after block sequence props';
	            onError(lastProp, 'MISSING_CHAR', message);
	        }
	    }
	    const expType = token.type === 'block-map'
	        ? 'map'
	        : token.type === 'block-seq'
	            ? 'seq'
	            : token.start.source === '{'
	                ? 'map'
	                : 'seq';
	    // shortcut: check if it's a generic YAMLMap or YAMLSeq
	    // before jumping into the custom tag logic.
	    if (!tagToken ||
	        !tagName ||
	        tagName === '!' ||
	        (tagName === YAMLMap.YAMLMap.tagName && expType === 'map') ||
	        (tagName === YAMLSeq.YAMLSeq.tagName && expType === 'seq')) {
	        return resolveCollection(CN, ctx, token, onError, tagName);
	    }
	    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
	    if (!tag) {
	        const kt = ctx.schema.knownTags[tagName];
	        if (kt?.collection === expType) {
	            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
	            tag = kt;
	        }
	        else {
	            if (kt) {
	                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
	            }
	            else {
	                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
	            }
	            return resolveCollection(CN, ctx, token, onError, tagName);
	        }
	    }
	    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
	    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
	    const node = identity.isNode(res)
	        ? res
	        : new Scalar.Scalar(res);
	    node.range = coll.range;
	    node.tag = tagName;
	    if (tag?.format)
	        node.format = tag.format;
	    return node;
	}

	composeCollection.composeCollection = composeCollection$1;
	return composeCollection;
}

var composeScalar = {};

var resolveBlockScalar = {};

var hasRequiredResolveBlockScalar;

function requireResolveBlockScalar () {
	if (hasRequiredResolveBlockScalar) return resolveBlockScalar;
	hasRequiredResolveBlockScalar = 1;

	var Scalar = requireScalar();

	function resolveBlockScalar$1(ctx, scalar, onError) {
	    const start = scalar.offset;
	    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
	    if (!header)
	        return { value: '', type: null, comment: '', range: [start, start, start] };
	    const type = header.mode === '>' ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
	    const lines = scalar.source ? splitLines(scalar.source) : [];
	    // determine the end of content & start of chomping
	    let chompStart = lines.length;
	    for (let i = lines.length - 1; i >= 0; --i) {
	        const content = lines[i][1];
	        if (content === '' || content === '\r')
	            chompStart = i;
	        else
	            break;
	    }
	    // shortcut for empty contents
	    if (chompStart === 0) {
	        const value = header.chomp === '+' && lines.length > 0
	            ? '\n'.repeat(Math.max(1, lines.length - 1))
	            : '';
	        let end = start + header.length;
	        if (scalar.source)
	            end += scalar.source.length;
	        return { value, type, comment: header.comment, range: [start, end, end] };
	    }
	    // find the indentation level to trim from start
	    let trimIndent = scalar.indent + header.indent;
	    let offset = scalar.offset + header.length;
	    let contentStart = 0;
	    for (let i = 0; i < chompStart; ++i) {
	        const [indent, content] = lines[i];
	        if (content === '' || content === '\r') {
	            if (header.indent === 0 && indent.length > trimIndent)
	                trimIndent = indent.length;
	        }
	        else {
	            if (indent.length < trimIndent) {
	                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
	                onError(offset + indent.length, 'MISSING_CHAR', message);
	            }
	            if (header.indent === 0)
	                trimIndent = indent.length;
	            contentStart = i;
	            if (trimIndent === 0 && !ctx.atRoot) {
	                const message = 'Block scalar values in collections must be indented';
	                onError(offset, 'BAD_INDENT', message);
	            }
	            break;
	        }
	        offset += indent.length + content.length + 1;
	    }
	    // include trailing more-indented empty lines in content
	    for (let i = lines.length - 1; i >= chompStart; --i) {
	        if (lines[i][0].length > trimIndent)
	            chompStart = i + 1;
	    }
	    let value = '';
	    let sep = '';
	    let prevMoreIndented = false;
	    // leading whitespace is kept intact
	    for (let i = 0; i < contentStart; ++i)
	        value += lines[i][0].slice(trimIndent) + '\n';
	    for (let i = contentStart; i < chompStart; ++i) {
	        let [indent, content] = lines[i];
	        offset += indent.length + content.length + 1;
	        const crlf = content[content.length - 1] === '\r';
	        if (crlf)
	            content = content.slice(0, -1);
	        /* istanbul ignore if already caught in lexer */
	        if (content && indent.length < trimIndent) {
	            const src = header.indent
	                ? 'explicit indentation indicator'
	                : 'first line';
	            const message = `Block scalar lines must not be less indented than their ${src}`;
	            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
	            indent = '';
	        }
	        if (type === Scalar.Scalar.BLOCK_LITERAL) {
	            value += sep + indent.slice(trimIndent) + content;
	            sep = '\n';
	        }
	        else if (indent.length > trimIndent || content[0] === '\t') {
	            // more-indented content within a folded block
	            if (sep === ' ')
	                sep = '\n';
	            else if (!prevMoreIndented && sep === '\n')
	                sep = '\n\n';
	            value += sep + indent.slice(trimIndent) + content;
	            sep = '\n';
	            prevMoreIndented = true;
	        }
	        else if (content === '') {
	            // empty line
	            if (sep === '\n')
	                value += '\n';
	            else
	                sep = '\n';
	        }
	        else {
	            value += sep + content;
	            sep = ' ';
	            prevMoreIndented = false;
	        }
	    }
	    switch (header.chomp) {
	        case '-':
	            break;
	        case '+':
	            for (let i = chompStart; i < lines.length; ++i)
	                value += '\n' + lines[i][0].slice(trimIndent);
	            if (value[value.length - 1] !== '\n')
	                value += '\n';
	            break;
	        default:
	            value += '\n';
	    }
	    const end = start + header.length + scalar.source.length;
	    return { value, type, comment: header.comment, range: [start, end, end] };
	}
	function parseBlockScalarHeader({ offset, props }, strict, onError) {
	    /* istanbul ignore if should not happen */
	    if (props[0].type !== 'block-scalar-header') {
	        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
	        return null;
	    }
	    const { source } = props[0];
	    const mode = source[0];
	    let indent = 0;
	    let chomp = '';
	    let error = -1;
	    for (let i = 1; i < source.length; ++i) {
	        const ch = source[i];
	        if (!chomp && (ch === '-' || ch === '+'))
	            chomp = ch;
	        else {
	            const n = Number(ch);
	            if (!indent && n)
	                indent = n;
	            else if (error === -1)
	                error = offset + i;
	        }
	    }
	    if (error !== -1)
	        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
	    let hasSpace = false;
	    let comment = '';
	    let length = source.length;
	    for (let i = 1; i < props.length; ++i) {
	        const token = props[i];
	        switch (token.type) {
	            case 'space':
	                hasSpace = true;
	            // fallthrough
	            case 'newline':
	                length += token.source.length;
	                break;
	            case 'comment':
	                if (strict && !hasSpace) {
	                    const message = 'Comments must be separated from other tokens by white space characters';
	                    onError(token, 'MISSING_CHAR', message);
	                }
	                length += token.source.length;
	                comment = token.source.substring(1);
	                break;
	            case 'error':
	                onError(token, 'UNEXPECTED_TOKEN', token.message);
	                length += token.source.length;
	                break;
	            /* istanbul ignore next should not happen */
	            default: {
	                const message = `Unexpected token in block scalar header: ${token.type}`;
	                onError(token, 'UNEXPECTED_TOKEN', message);
	                const ts = token.source;
	                if (ts && typeof ts === 'string')
	                    length += ts.length;
	            }
	        }
	    }
	    return { mode, indent, chomp, comment, length };
	}
	/** @returns Array of lines split up as `[indent, content]` */
	function splitLines(source) {
	    const split = source.split(/\n( *)/);
	    const first = split[0];
	    const m = first.match(/^( *)/);
	    const line0 = m?.[1]
	        ? [m[1], first.slice(m[1].length)]
	        : ['', first];
	    const lines = [line0];
	    for (let i = 1; i < split.length; i += 2)
	        lines.push([split[i], split[i + 1]]);
	    return lines;
	}

	resolveBlockScalar.resolveBlockScalar = resolveBlockScalar$1;
	return resolveBlockScalar;
}

var resolveFlowScalar = {};

var hasRequiredResolveFlowScalar;

function requireResolveFlowScalar () {
	if (hasRequiredResolveFlowScalar) return resolveFlowScalar;
	hasRequiredResolveFlowScalar = 1;

	var Scalar = requireScalar();
	var resolveEnd = requireResolveEnd();

	function resolveFlowScalar$1(scalar, strict, onError) {
	    const { offset, type, source, end } = scalar;
	    let _type;
	    let value;
	    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
	    switch (type) {
	        case 'scalar':
	            _type = Scalar.Scalar.PLAIN;
	            value = plainValue(source, _onError);
	            break;
	        case 'single-quoted-scalar':
	            _type = Scalar.Scalar.QUOTE_SINGLE;
	            value = singleQuotedValue(source, _onError);
	            break;
	        case 'double-quoted-scalar':
	            _type = Scalar.Scalar.QUOTE_DOUBLE;
	            value = doubleQuotedValue(source, _onError);
	            break;
	        /* istanbul ignore next should not happen */
	        default:
	            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
	            return {
	                value: '',
	                type: null,
	                comment: '',
	                range: [offset, offset + source.length, offset + source.length]
	            };
	    }
	    const valueEnd = offset + source.length;
	    const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
	    return {
	        value,
	        type: _type,
	        comment: re.comment,
	        range: [offset, valueEnd, re.offset]
	    };
	}
	function plainValue(source, onError) {
	    let badChar = '';
	    switch (source[0]) {
	        /* istanbul ignore next should not happen */
	        case '\t':
	            badChar = 'a tab character';
	            break;
	        case ',':
	            badChar = 'flow indicator character ,';
	            break;
	        case '%':
	            badChar = 'directive indicator character %';
	            break;
	        case '|':
	        case '>': {
	            badChar = `block scalar indicator ${source[0]}`;
	            break;
	        }
	        case '@':
	        case '`': {
	            badChar = `reserved character ${source[0]}`;
	            break;
	        }
	    }
	    if (badChar)
	        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
	    return unfoldLines(source);
	}
	function singleQuotedValue(source, onError) {
	    if (source[source.length - 1] !== "'" || source.length === 1)
	        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
	    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
	}
	function unfoldLines(source) {
	    const line = /(.*?)\r?\n/sy;
	    let match = line.exec(source);
	    if (!match)
	        return source;
	    /**
	     * The negative lookbehinds in these RegExps are to
	     * prevent causing a polynomial search time in certain cases.
	     *
	     * The try-catch is for Safari < 16.4 and other old browsers:
	     * https://caniuse.com/js-regexp-lookbehind
	     */
	    let trimEnd, trimBoth;
	    try {
	        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
	        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
	    }
	    catch {
	        trimEnd = /[ \t]+$/;
	        trimBoth = /^[ \t]+|[ \t]+$/g;
	    }
	    let res = match[1].replace(trimEnd, '');
	    let sep = ' ';
	    let pos = line.lastIndex;
	    while ((match = line.exec(source))) {
	        const lm = match[1].replace(trimBoth, '');
	        if (lm === '') {
	            if (sep === '\n')
	                res += sep;
	            else
	                sep = '\n';
	        }
	        else {
	            res += sep + lm;
	            sep = ' ';
	        }
	        pos = line.lastIndex;
	    }
	    const last = /[ \t]*(.*)/sy;
	    last.lastIndex = pos;
	    match = last.exec(source);
	    return res + sep + (match?.[1] ?? '');
	}
	function doubleQuotedValue(source, onError) {
	    let res = '';
	    for (let i = 1; i < source.length - 1; ++i) {
	        const ch = source[i];
	        if (ch === '\r' && source[i + 1] === '\n')
	            continue;
	        if (ch === '\n') {
	            const { fold, offset } = foldNewline(source, i);
	            res += fold;
	            i = offset;
	        }
	        else if (ch === '\\') {
	            let next = source[++i];
	            const cc = escapeCodes[next];
	            if (cc)
	                res += cc;
	            else if (next === '\n') {
	                // skip escaped newlines, but still trim the following line
	                next = source[i + 1];
	                while (next === ' ' || next === '\t')
	                    next = source[++i + 1];
	            }
	            else if (next === '\r' && source[i + 1] === '\n') {
	                // skip escaped CRLF newlines, but still trim the following line
	                next = source[++i + 1];
	                while (next === ' ' || next === '\t')
	                    next = source[++i + 1];
	            }
	            else if (next === 'x' || next === 'u' || next === 'U') {
	                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
	                res += parseCharCode(source, i + 1, length, onError);
	                i += length;
	            }
	            else {
	                const raw = source.substr(i - 1, 2);
	                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
	                res += raw;
	            }
	        }
	        else if (ch === ' ' || ch === '\t') {
	            // trim trailing whitespace
	            const wsStart = i;
	            let next = source[i + 1];
	            while (next === ' ' || next === '\t')
	                next = source[++i + 1];
	            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
	                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
	        }
	        else {
	            res += ch;
	        }
	    }
	    if (source[source.length - 1] !== '"' || source.length === 1)
	        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
	    return res;
	}
	/**
	 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
	 * Presumes `source[offset] === '\n'`
	 */
	function foldNewline(source, offset) {
	    let fold = '';
	    let ch = source[offset + 1];
	    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
	        if (ch === '\r' && source[offset + 2] !== '\n')
	            break;
	        if (ch === '\n')
	            fold += '\n';
	        offset += 1;
	        ch = source[offset + 1];
	    }
	    if (!fold)
	        fold = ' ';
	    return { fold, offset };
	}
	const escapeCodes = {
	    '0': '\0', // null character
	    a: '\x07', // bell character
	    b: '\b', // backspace
	    e: '\x1b', // escape character
	    f: '\f', // form feed
	    n: '\n', // line feed
	    r: '\r', // carriage return
	    t: '\t', // horizontal tab
	    v: '\v', // vertical tab
	    N: '\u0085', // Unicode next line
	    _: '\u00a0', // Unicode non-breaking space
	    L: '\u2028', // Unicode line separator
	    P: '\u2029', // Unicode paragraph separator
	    ' ': ' ',
	    '"': '"',
	    '/': '/',
	    '\\': '\\',
	    '\t': '\t'
	};
	function parseCharCode(source, offset, length, onError) {
	    const cc = source.substr(offset, length);
	    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
	    const code = ok ? parseInt(cc, 16) : NaN;
	    try {
	        return String.fromCodePoint(code);
	    }
	    catch {
	        const raw = source.substr(offset - 2, length + 2);
	        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
	        return raw;
	    }
	}

	resolveFlowScalar.resolveFlowScalar = resolveFlowScalar$1;
	return resolveFlowScalar;
}

var hasRequiredComposeScalar;

function requireComposeScalar () {
	if (hasRequiredComposeScalar) return composeScalar;
	hasRequiredComposeScalar = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();
	var resolveBlockScalar = requireResolveBlockScalar();
	var resolveFlowScalar = requireResolveFlowScalar();

	function composeScalar$1(ctx, token, tagToken, onError) {
	    const { value, type, comment, range } = token.type === 'block-scalar'
	        ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError)
	        : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
	    const tagName = tagToken
	        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
	        : null;
	    let tag;
	    if (ctx.options.stringKeys && ctx.atKey) {
	        tag = ctx.schema[identity.SCALAR];
	    }
	    else if (tagName)
	        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
	    else if (token.type === 'scalar')
	        tag = findScalarTagByTest(ctx, value, token, onError);
	    else
	        tag = ctx.schema[identity.SCALAR];
	    let scalar;
	    try {
	        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
	        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
	    }
	    catch (error) {
	        const msg = error instanceof Error ? error.message : String(error);
	        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
	        scalar = new Scalar.Scalar(value);
	    }
	    scalar.range = range;
	    scalar.source = value;
	    if (type)
	        scalar.type = type;
	    if (tagName)
	        scalar.tag = tagName;
	    if (tag.format)
	        scalar.format = tag.format;
	    if (comment)
	        scalar.comment = comment;
	    return scalar;
	}
	function findScalarTagByName(schema, value, tagName, tagToken, onError) {
	    if (tagName === '!')
	        return schema[identity.SCALAR]; // non-specific tag
	    const matchWithTest = [];
	    for (const tag of schema.tags) {
	        if (!tag.collection && tag.tag === tagName) {
	            if (tag.default && tag.test)
	                matchWithTest.push(tag);
	            else
	                return tag;
	        }
	    }
	    for (const tag of matchWithTest)
	        if (tag.test?.test(value))
	            return tag;
	    const kt = schema.knownTags[tagName];
	    if (kt && !kt.collection) {
	        // Ensure that the known tag is available for stringifying,
	        // but does not get used by default.
	        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
	        return kt;
	    }
	    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
	    return schema[identity.SCALAR];
	}
	function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
	    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
	        tag.test?.test(value)) || schema[identity.SCALAR];
	    if (schema.compat) {
	        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
	            schema[identity.SCALAR];
	        if (tag.tag !== compat.tag) {
	            const ts = directives.tagString(tag.tag);
	            const cs = directives.tagString(compat.tag);
	            const msg = `Value may be parsed as either ${ts} or ${cs}`;
	            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
	        }
	    }
	    return tag;
	}

	composeScalar.composeScalar = composeScalar$1;
	return composeScalar;
}

var utilEmptyScalarPosition = {};

var hasRequiredUtilEmptyScalarPosition;

function requireUtilEmptyScalarPosition () {
	if (hasRequiredUtilEmptyScalarPosition) return utilEmptyScalarPosition;
	hasRequiredUtilEmptyScalarPosition = 1;

	function emptyScalarPosition(offset, before, pos) {
	    if (before) {
	        pos ?? (pos = before.length);
	        for (let i = pos - 1; i >= 0; --i) {
	            let st = before[i];
	            switch (st.type) {
	                case 'space':
	                case 'comment':
	                case 'newline':
	                    offset -= st.source.length;
	                    continue;
	            }
	            // Technically, an empty scalar is immediately after the last non-empty
	            // node, but it's more useful to place it after any whitespace.
	            st = before[++i];
	            while (st?.type === 'space') {
	                offset += st.source.length;
	                st = before[++i];
	            }
	            break;
	        }
	    }
	    return offset;
	}

	utilEmptyScalarPosition.emptyScalarPosition = emptyScalarPosition;
	return utilEmptyScalarPosition;
}

var hasRequiredComposeNode;

function requireComposeNode () {
	if (hasRequiredComposeNode) return composeNode;
	hasRequiredComposeNode = 1;

	var Alias = requireAlias();
	var identity = requireIdentity();
	var composeCollection = requireComposeCollection();
	var composeScalar = requireComposeScalar();
	var resolveEnd = requireResolveEnd();
	var utilEmptyScalarPosition = requireUtilEmptyScalarPosition();

	const CN = { composeNode: composeNode$1, composeEmptyNode };
	function composeNode$1(ctx, token, props, onError) {
	    const atKey = ctx.atKey;
	    const { spaceBefore, comment, anchor, tag } = props;
	    let node;
	    let isSrcToken = true;
	    switch (token.type) {
	        case 'alias':
	            node = composeAlias(ctx, token, onError);
	            if (anchor || tag)
	                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
	            break;
	        case 'scalar':
	        case 'single-quoted-scalar':
	        case 'double-quoted-scalar':
	        case 'block-scalar':
	            node = composeScalar.composeScalar(ctx, token, tag, onError);
	            if (anchor)
	                node.anchor = anchor.source.substring(1);
	            break;
	        case 'block-map':
	        case 'block-seq':
	        case 'flow-collection':
	            try {
	                node = composeCollection.composeCollection(CN, ctx, token, props, onError);
	                if (anchor)
	                    node.anchor = anchor.source.substring(1);
	            }
	            catch (error) {
	                // Almost certainly here due to a stack overflow
	                const message = error instanceof Error ? error.message : String(error);
	                onError(token, 'RESOURCE_EXHAUSTION', message);
	            }
	            break;
	        default: {
	            const message = token.type === 'error'
	                ? token.message
	                : `Unsupported token (type: ${token.type})`;
	            onError(token, 'UNEXPECTED_TOKEN', message);
	            isSrcToken = false;
	        }
	    }
	    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
	    if (anchor && node.anchor === '')
	        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
	    if (atKey &&
	        ctx.options.stringKeys &&
	        (!identity.isScalar(node) ||
	            typeof node.value !== 'string' ||
	            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
	        const msg = 'With stringKeys, all keys must be strings';
	        onError(tag ?? token, 'NON_STRING_KEY', msg);
	    }
	    if (spaceBefore)
	        node.spaceBefore = true;
	    if (comment) {
	        if (token.type === 'scalar' && token.source === '')
	            node.comment = comment;
	        else
	            node.commentBefore = comment;
	    }
	    // @ts-expect-error Type checking misses meaning of isSrcToken
	    if (ctx.options.keepSourceTokens && isSrcToken)
	        node.srcToken = token;
	    return node;
	}
	function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
	    const token = {
	        type: 'scalar',
	        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
	        indent: -1,
	        source: ''
	    };
	    const node = composeScalar.composeScalar(ctx, token, tag, onError);
	    if (anchor) {
	        node.anchor = anchor.source.substring(1);
	        if (node.anchor === '')
	            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
	    }
	    if (spaceBefore)
	        node.spaceBefore = true;
	    if (comment) {
	        node.comment = comment;
	        node.range[2] = end;
	    }
	    return node;
	}
	function composeAlias({ options }, { offset, source, end }, onError) {
	    const alias = new Alias.Alias(source.substring(1));
	    if (alias.source === '')
	        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
	    if (alias.source.endsWith(':'))
	        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
	    const valueEnd = offset + source.length;
	    const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
	    alias.range = [offset, valueEnd, re.offset];
	    if (re.comment)
	        alias.comment = re.comment;
	    return alias;
	}

	composeNode.composeEmptyNode = composeEmptyNode;
	composeNode.composeNode = composeNode$1;
	return composeNode;
}

var hasRequiredComposeDoc;

function requireComposeDoc () {
	if (hasRequiredComposeDoc) return composeDoc;
	hasRequiredComposeDoc = 1;

	var Document = requireDocument();
	var composeNode = requireComposeNode();
	var resolveEnd = requireResolveEnd();
	var resolveProps = requireResolveProps();

	function composeDoc$1(options, directives, { offset, start, value, end }, onError) {
	    const opts = Object.assign({ _directives: directives }, options);
	    const doc = new Document.Document(undefined, opts);
	    const ctx = {
	        atKey: false,
	        atRoot: true,
	        directives: doc.directives,
	        options: doc.options,
	        schema: doc.schema
	    };
	    const props = resolveProps.resolveProps(start, {
	        indicator: 'doc-start',
	        next: value ?? end?.[0],
	        offset,
	        onError,
	        parentIndent: 0,
	        startOnNewline: true
	    });
	    if (props.found) {
	        doc.directives.docStart = true;
	        if (value &&
	            (value.type === 'block-map' || value.type === 'block-seq') &&
	            !props.hasNewline)
	            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
	    }
	    // @ts-expect-error If Contents is set, let's trust the user
	    doc.contents = value
	        ? composeNode.composeNode(ctx, value, props, onError)
	        : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
	    const contentEnd = doc.contents.range[2];
	    const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
	    if (re.comment)
	        doc.comment = re.comment;
	    doc.range = [offset, contentEnd, re.offset];
	    return doc;
	}

	composeDoc.composeDoc = composeDoc$1;
	return composeDoc;
}

var hasRequiredComposer;

function requireComposer () {
	if (hasRequiredComposer) return composer;
	hasRequiredComposer = 1;

	var node_process = require$$0;
	var directives = requireDirectives();
	var Document = requireDocument();
	var errors = requireErrors();
	var identity = requireIdentity();
	var composeDoc = requireComposeDoc();
	var resolveEnd = requireResolveEnd();

	function getErrorPos(src) {
	    if (typeof src === 'number')
	        return [src, src + 1];
	    if (Array.isArray(src))
	        return src.length === 2 ? src : [src[0], src[1]];
	    const { offset, source } = src;
	    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
	}
	function parsePrelude(prelude) {
	    let comment = '';
	    let atComment = false;
	    let afterEmptyLine = false;
	    for (let i = 0; i < prelude.length; ++i) {
	        const source = prelude[i];
	        switch (source[0]) {
	            case '#':
	                comment +=
	                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
	                        (source.substring(1) || ' ');
	                atComment = true;
	                afterEmptyLine = false;
	                break;
	            case '%':
	                if (prelude[i + 1]?.[0] !== '#')
	                    i += 1;
	                atComment = false;
	                break;
	            default:
	                // This may be wrong after doc-end, but in that case it doesn't matter
	                if (!atComment)
	                    afterEmptyLine = true;
	                atComment = false;
	        }
	    }
	    return { comment, afterEmptyLine };
	}
	/**
	 * Compose a stream of CST nodes into a stream of YAML Documents.
	 *
	 * ```ts
	 * import { Composer, Parser } from 'yaml'
	 *
	 * const src: string = ...
	 * const tokens = new Parser().parse(src)
	 * const docs = new Composer().compose(tokens)
	 * ```
	 */
	class Composer {
	    constructor(options = {}) {
	        this.doc = null;
	        this.atDirectives = false;
	        this.prelude = [];
	        this.errors = [];
	        this.warnings = [];
	        this.onError = (source, code, message, warning) => {
	            const pos = getErrorPos(source);
	            if (warning)
	                this.warnings.push(new errors.YAMLWarning(pos, code, message));
	            else
	                this.errors.push(new errors.YAMLParseError(pos, code, message));
	        };
	        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
	        this.directives = new directives.Directives({ version: options.version || '1.2' });
	        this.options = options;
	    }
	    decorate(doc, afterDoc) {
	        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
	        //console.log({ dc: doc.comment, prelude, comment })
	        if (comment) {
	            const dc = doc.contents;
	            if (afterDoc) {
	                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
	            }
	            else if (afterEmptyLine || doc.directives.docStart || !dc) {
	                doc.commentBefore = comment;
	            }
	            else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
	                let it = dc.items[0];
	                if (identity.isPair(it))
	                    it = it.key;
	                const cb = it.commentBefore;
	                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
	            }
	            else {
	                const cb = dc.commentBefore;
	                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
	            }
	        }
	        if (afterDoc) {
	            for (let i = 0; i < this.errors.length; ++i)
	                doc.errors.push(this.errors[i]);
	            for (let i = 0; i < this.warnings.length; ++i)
	                doc.warnings.push(this.warnings[i]);
	        }
	        else {
	            doc.errors = this.errors;
	            doc.warnings = this.warnings;
	        }
	        this.prelude = [];
	        this.errors = [];
	        this.warnings = [];
	    }
	    /**
	     * Current stream status information.
	     *
	     * Mostly useful at the end of input for an empty stream.
	     */
	    streamInfo() {
	        return {
	            comment: parsePrelude(this.prelude).comment,
	            directives: this.directives,
	            errors: this.errors,
	            warnings: this.warnings
	        };
	    }
	    /**
	     * Compose tokens into documents.
	     *
	     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
	     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
	     */
	    *compose(tokens, forceDoc = false, endOffset = -1) {
	        for (const token of tokens)
	            yield* this.next(token);
	        yield* this.end(forceDoc, endOffset);
	    }
	    /** Advance the composer by one CST token. */
	    *next(token) {
	        if (node_process.env.LOG_STREAM)
	            console.dir(token, { depth: null });
	        switch (token.type) {
	            case 'directive':
	                this.directives.add(token.source, (offset, message, warning) => {
	                    const pos = getErrorPos(token);
	                    pos[0] += offset;
	                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
	                });
	                this.prelude.push(token.source);
	                this.atDirectives = true;
	                break;
	            case 'document': {
	                const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
	                if (this.atDirectives && !doc.directives.docStart)
	                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
	                this.decorate(doc, false);
	                if (this.doc)
	                    yield this.doc;
	                this.doc = doc;
	                this.atDirectives = false;
	                break;
	            }
	            case 'byte-order-mark':
	            case 'space':
	                break;
	            case 'comment':
	            case 'newline':
	                this.prelude.push(token.source);
	                break;
	            case 'error': {
	                const msg = token.source
	                    ? `${token.message}: ${JSON.stringify(token.source)}`
	                    : token.message;
	                const error = new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
	                if (this.atDirectives || !this.doc)
	                    this.errors.push(error);
	                else
	                    this.doc.errors.push(error);
	                break;
	            }
	            case 'doc-end': {
	                if (!this.doc) {
	                    const msg = 'Unexpected doc-end without preceding document';
	                    this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
	                    break;
	                }
	                this.doc.directives.docEnd = true;
	                const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
	                this.decorate(this.doc, true);
	                if (end.comment) {
	                    const dc = this.doc.comment;
	                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
	                }
	                this.doc.range[2] = end.offset;
	                break;
	            }
	            default:
	                this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
	        }
	    }
	    /**
	     * Call at end of input to yield any remaining document.
	     *
	     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
	     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
	     */
	    *end(forceDoc = false, endOffset = -1) {
	        if (this.doc) {
	            this.decorate(this.doc, true);
	            yield this.doc;
	            this.doc = null;
	        }
	        else if (forceDoc) {
	            const opts = Object.assign({ _directives: this.directives }, this.options);
	            const doc = new Document.Document(undefined, opts);
	            if (this.atDirectives)
	                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
	            doc.range = [0, endOffset, endOffset];
	            this.decorate(doc, false);
	            yield doc;
	        }
	    }
	}

	composer.Composer = Composer;
	return composer;
}

var cst = {};

var cstScalar = {};

var hasRequiredCstScalar;

function requireCstScalar () {
	if (hasRequiredCstScalar) return cstScalar;
	hasRequiredCstScalar = 1;

	var resolveBlockScalar = requireResolveBlockScalar();
	var resolveFlowScalar = requireResolveFlowScalar();
	var errors = requireErrors();
	var stringifyString = requireStringifyString();

	function resolveAsScalar(token, strict = true, onError) {
	    if (token) {
	        const _onError = (pos, code, message) => {
	            const offset = typeof pos === 'number' ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
	            if (onError)
	                onError(offset, code, message);
	            else
	                throw new errors.YAMLParseError([offset, offset + 1], code, message);
	        };
	        switch (token.type) {
	            case 'scalar':
	            case 'single-quoted-scalar':
	            case 'double-quoted-scalar':
	                return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
	            case 'block-scalar':
	                return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
	        }
	    }
	    return null;
	}
	/**
	 * Create a new scalar token with `value`
	 *
	 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
	 * as this function does not support any schema operations and won't check for such conflicts.
	 *
	 * @param value The string representation of the value, which will have its content properly indented.
	 * @param context.end Comments and whitespace after the end of the value, or after the block scalar header. If undefined, a newline will be added.
	 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
	 * @param context.indent The indent level of the token.
	 * @param context.inFlow Is this scalar within a flow collection? This may affect the resolved type of the token's value.
	 * @param context.offset The offset position of the token.
	 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
	 */
	function createScalarToken(value, context) {
	    const { implicitKey = false, indent, inFlow = false, offset = -1, type = 'PLAIN' } = context;
	    const source = stringifyString.stringifyString({ type, value }, {
	        implicitKey,
	        indent: indent > 0 ? ' '.repeat(indent) : '',
	        inFlow,
	        options: { blockQuote: true, lineWidth: -1 }
	    });
	    const end = context.end ?? [
	        { type: 'newline', offset: -1, indent, source: '\n' }
	    ];
	    switch (source[0]) {
	        case '|':
	        case '>': {
	            const he = source.indexOf('\n');
	            const head = source.substring(0, he);
	            const body = source.substring(he + 1) + '\n';
	            const props = [
	                { type: 'block-scalar-header', offset, indent, source: head }
	            ];
	            if (!addEndtoBlockProps(props, end))
	                props.push({ type: 'newline', offset: -1, indent, source: '\n' });
	            return { type: 'block-scalar', offset, indent, props, source: body };
	        }
	        case '"':
	            return { type: 'double-quoted-scalar', offset, indent, source, end };
	        case "'":
	            return { type: 'single-quoted-scalar', offset, indent, source, end };
	        default:
	            return { type: 'scalar', offset, indent, source, end };
	    }
	}
	/**
	 * Set the value of `token` to the given string `value`, overwriting any previous contents and type that it may have.
	 *
	 * Best efforts are made to retain any comments previously associated with the `token`,
	 * though all contents within a collection's `items` will be overwritten.
	 *
	 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
	 * as this function does not support any schema operations and won't check for such conflicts.
	 *
	 * @param token Any token. If it does not include an `indent` value, the value will be stringified as if it were an implicit key.
	 * @param value The string representation of the value, which will have its content properly indented.
	 * @param context.afterKey In most cases, values after a key should have an additional level of indentation.
	 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
	 * @param context.inFlow Being within a flow collection may affect the resolved type of the token's value.
	 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
	 */
	function setScalarValue(token, value, context = {}) {
	    let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
	    let indent = 'indent' in token ? token.indent : null;
	    if (afterKey && typeof indent === 'number')
	        indent += 2;
	    if (!type)
	        switch (token.type) {
	            case 'single-quoted-scalar':
	                type = 'QUOTE_SINGLE';
	                break;
	            case 'double-quoted-scalar':
	                type = 'QUOTE_DOUBLE';
	                break;
	            case 'block-scalar': {
	                const header = token.props[0];
	                if (header.type !== 'block-scalar-header')
	                    throw new Error('Invalid block scalar header');
	                type = header.source[0] === '>' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
	                break;
	            }
	            default:
	                type = 'PLAIN';
	        }
	    const source = stringifyString.stringifyString({ type, value }, {
	        implicitKey: implicitKey || indent === null,
	        indent: indent !== null && indent > 0 ? ' '.repeat(indent) : '',
	        inFlow,
	        options: { blockQuote: true, lineWidth: -1 }
	    });
	    switch (source[0]) {
	        case '|':
	        case '>':
	            setBlockScalarValue(token, source);
	            break;
	        case '"':
	            setFlowScalarValue(token, source, 'double-quoted-scalar');
	            break;
	        case "'":
	            setFlowScalarValue(token, source, 'single-quoted-scalar');
	            break;
	        default:
	            setFlowScalarValue(token, source, 'scalar');
	    }
	}
	function setBlockScalarValue(token, source) {
	    const he = source.indexOf('\n');
	    const head = source.substring(0, he);
	    const body = source.substring(he + 1) + '\n';
	    if (token.type === 'block-scalar') {
	        const header = token.props[0];
	        if (header.type !== 'block-scalar-header')
	            throw new Error('Invalid block scalar header');
	        header.source = head;
	        token.source = body;
	    }
	    else {
	        const { offset } = token;
	        const indent = 'indent' in token ? token.indent : -1;
	        const props = [
	            { type: 'block-scalar-header', offset, indent, source: head }
	        ];
	        if (!addEndtoBlockProps(props, 'end' in token ? token.end : undefined))
	            props.push({ type: 'newline', offset: -1, indent, source: '\n' });
	        for (const key of Object.keys(token))
	            if (key !== 'type' && key !== 'offset')
	                delete token[key];
	        Object.assign(token, { type: 'block-scalar', indent, props, source: body });
	    }
	}
	/** @returns `true` if last token is a newline */
	function addEndtoBlockProps(props, end) {
	    if (end)
	        for (const st of end)
	            switch (st.type) {
	                case 'space':
	                case 'comment':
	                    props.push(st);
	                    break;
	                case 'newline':
	                    props.push(st);
	                    return true;
	            }
	    return false;
	}
	function setFlowScalarValue(token, source, type) {
	    switch (token.type) {
	        case 'scalar':
	        case 'double-quoted-scalar':
	        case 'single-quoted-scalar':
	            token.type = type;
	            token.source = source;
	            break;
	        case 'block-scalar': {
	            const end = token.props.slice(1);
	            let oa = source.length;
	            if (token.props[0].type === 'block-scalar-header')
	                oa -= token.props[0].source.length;
	            for (const tok of end)
	                tok.offset += oa;
	            delete token.props;
	            Object.assign(token, { type, source, end });
	            break;
	        }
	        case 'block-map':
	        case 'block-seq': {
	            const offset = token.offset + source.length;
	            const nl = { type: 'newline', offset, indent: token.indent, source: '\n' };
	            delete token.items;
	            Object.assign(token, { type, source, end: [nl] });
	            break;
	        }
	        default: {
	            const indent = 'indent' in token ? token.indent : -1;
	            const end = 'end' in token && Array.isArray(token.end)
	                ? token.end.filter(st => st.type === 'space' ||
	                    st.type === 'comment' ||
	                    st.type === 'newline')
	                : [];
	            for (const key of Object.keys(token))
	                if (key !== 'type' && key !== 'offset')
	                    delete token[key];
	            Object.assign(token, { type, indent, source, end });
	        }
	    }
	}

	cstScalar.createScalarToken = createScalarToken;
	cstScalar.resolveAsScalar = resolveAsScalar;
	cstScalar.setScalarValue = setScalarValue;
	return cstScalar;
}

var cstStringify = {};

var hasRequiredCstStringify;

function requireCstStringify () {
	if (hasRequiredCstStringify) return cstStringify;
	hasRequiredCstStringify = 1;

	/**
	 * Stringify a CST document, token, or collection item
	 *
	 * Fair warning: This applies no validation whatsoever, and
	 * simply concatenates the sources in their logical order.
	 */
	const stringify = (cst) => 'type' in cst ? stringifyToken(cst) : stringifyItem(cst);
	function stringifyToken(token) {
	    switch (token.type) {
	        case 'block-scalar': {
	            let res = '';
	            for (const tok of token.props)
	                res += stringifyToken(tok);
	            return res + token.source;
	        }
	        case 'block-map':
	        case 'block-seq': {
	            let res = '';
	            for (const item of token.items)
	                res += stringifyItem(item);
	            return res;
	        }
	        case 'flow-collection': {
	            let res = token.start.source;
	            for (const item of token.items)
	                res += stringifyItem(item);
	            for (const st of token.end)
	                res += st.source;
	            return res;
	        }
	        case 'document': {
	            let res = stringifyItem(token);
	            if (token.end)
	                for (const st of token.end)
	                    res += st.source;
	            return res;
	        }
	        default: {
	            let res = token.source;
	            if ('end' in token && token.end)
	                for (const st of token.end)
	                    res += st.source;
	            return res;
	        }
	    }
	}
	function stringifyItem({ start, key, sep, value }) {
	    let res = '';
	    for (const st of start)
	        res += st.source;
	    if (key)
	        res += stringifyToken(key);
	    if (sep)
	        for (const st of sep)
	            res += st.source;
	    if (value)
	        res += stringifyToken(value);
	    return res;
	}

	cstStringify.stringify = stringify;
	return cstStringify;
}

var cstVisit = {};

var hasRequiredCstVisit;

function requireCstVisit () {
	if (hasRequiredCstVisit) return cstVisit;
	hasRequiredCstVisit = 1;

	const BREAK = Symbol('break visit');
	const SKIP = Symbol('skip children');
	const REMOVE = Symbol('remove item');
	/**
	 * Apply a visitor to a CST document or item.
	 *
	 * Walks through the tree (depth-first) starting from the root, calling a
	 * `visitor` function with two arguments when entering each item:
	 *   - `item`: The current item, which included the following members:
	 *     - `start: SourceToken[]` – Source tokens before the key or value,
	 *       possibly including its anchor or tag.
	 *     - `key?: Token | null` – Set for pair values. May then be `null`, if
	 *       the key before the `:` separator is empty.
	 *     - `sep?: SourceToken[]` – Source tokens between the key and the value,
	 *       which should include the `:` map value indicator if `value` is set.
	 *     - `value?: Token` – The value of a sequence item, or of a map pair.
	 *   - `path`: The steps from the root to the current node, as an array of
	 *     `['key' | 'value', number]` tuples.
	 *
	 * The return value of the visitor may be used to control the traversal:
	 *   - `undefined` (default): Do nothing and continue
	 *   - `visit.SKIP`: Do not visit the children of this token, continue with
	 *      next sibling
	 *   - `visit.BREAK`: Terminate traversal completely
	 *   - `visit.REMOVE`: Remove the current item, then continue with the next one
	 *   - `number`: Set the index of the next step. This is useful especially if
	 *     the index of the current token has changed.
	 *   - `function`: Define the next visitor for this item. After the original
	 *     visitor is called on item entry, next visitors are called after handling
	 *     a non-empty `key` and when exiting the item.
	 */
	function visit(cst, visitor) {
	    if ('type' in cst && cst.type === 'document')
	        cst = { start: cst.start, value: cst.value };
	    _visit(Object.freeze([]), cst, visitor);
	}
	// Without the `as symbol` casts, TS declares these in the `visit`
	// namespace using `var`, but then complains about that because
	// `unique symbol` must be `const`.
	/** Terminate visit traversal completely */
	visit.BREAK = BREAK;
	/** Do not visit the children of the current item */
	visit.SKIP = SKIP;
	/** Remove the current item */
	visit.REMOVE = REMOVE;
	/** Find the item at `path` from `cst` as the root */
	visit.itemAtPath = (cst, path) => {
	    let item = cst;
	    for (const [field, index] of path) {
	        const tok = item?.[field];
	        if (tok && 'items' in tok) {
	            item = tok.items[index];
	        }
	        else
	            return undefined;
	    }
	    return item;
	};
	/**
	 * Get the immediate parent collection of the item at `path` from `cst` as the root.
	 *
	 * Throws an error if the collection is not found, which should never happen if the item itself exists.
	 */
	visit.parentCollection = (cst, path) => {
	    const parent = visit.itemAtPath(cst, path.slice(0, -1));
	    const field = path[path.length - 1][0];
	    const coll = parent?.[field];
	    if (coll && 'items' in coll)
	        return coll;
	    throw new Error('Parent collection not found');
	};
	function _visit(path, item, visitor) {
	    let ctrl = visitor(item, path);
	    if (typeof ctrl === 'symbol')
	        return ctrl;
	    for (const field of ['key', 'value']) {
	        const token = item[field];
	        if (token && 'items' in token) {
	            for (let i = 0; i < token.items.length; ++i) {
	                const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
	                if (typeof ci === 'number')
	                    i = ci - 1;
	                else if (ci === BREAK)
	                    return BREAK;
	                else if (ci === REMOVE) {
	                    token.items.splice(i, 1);
	                    i -= 1;
	                }
	            }
	            if (typeof ctrl === 'function' && field === 'key')
	                ctrl = ctrl(item, path);
	        }
	    }
	    return typeof ctrl === 'function' ? ctrl(item, path) : ctrl;
	}

	cstVisit.visit = visit;
	return cstVisit;
}

var hasRequiredCst;

function requireCst () {
	if (hasRequiredCst) return cst;
	hasRequiredCst = 1;

	var cstScalar = requireCstScalar();
	var cstStringify = requireCstStringify();
	var cstVisit = requireCstVisit();

	/** The byte order mark */
	const BOM = '\u{FEFF}';
	/** Start of doc-mode */
	const DOCUMENT = '\x02'; // C0: Start of Text
	/** Unexpected end of flow-mode */
	const FLOW_END = '\x18'; // C0: Cancel
	/** Next token is a scalar value */
	const SCALAR = '\x1f'; // C0: Unit Separator
	/** @returns `true` if `token` is a flow or block collection */
	const isCollection = (token) => !!token && 'items' in token;
	/** @returns `true` if `token` is a flow or block scalar; not an alias */
	const isScalar = (token) => !!token &&
	    (token.type === 'scalar' ||
	        token.type === 'single-quoted-scalar' ||
	        token.type === 'double-quoted-scalar' ||
	        token.type === 'block-scalar');
	/* istanbul ignore next */
	/** Get a printable representation of a lexer token */
	function prettyToken(token) {
	    switch (token) {
	        case BOM:
	            return '<BOM>';
	        case DOCUMENT:
	            return '<DOC>';
	        case FLOW_END:
	            return '<FLOW_END>';
	        case SCALAR:
	            return '<SCALAR>';
	        default:
	            return JSON.stringify(token);
	    }
	}
	/** Identify the type of a lexer token. May return `null` for unknown tokens. */
	function tokenType(source) {
	    switch (source) {
	        case BOM:
	            return 'byte-order-mark';
	        case DOCUMENT:
	            return 'doc-mode';
	        case FLOW_END:
	            return 'flow-error-end';
	        case SCALAR:
	            return 'scalar';
	        case '---':
	            return 'doc-start';
	        case '...':
	            return 'doc-end';
	        case '':
	        case '\n':
	        case '\r\n':
	            return 'newline';
	        case '-':
	            return 'seq-item-ind';
	        case '?':
	            return 'explicit-key-ind';
	        case ':':
	            return 'map-value-ind';
	        case '{':
	            return 'flow-map-start';
	        case '}':
	            return 'flow-map-end';
	        case '[':
	            return 'flow-seq-start';
	        case ']':
	            return 'flow-seq-end';
	        case ',':
	            return 'comma';
	    }
	    switch (source[0]) {
	        case ' ':
	        case '\t':
	            return 'space';
	        case '#':
	            return 'comment';
	        case '%':
	            return 'directive-line';
	        case '*':
	            return 'alias';
	        case '&':
	            return 'anchor';
	        case '!':
	            return 'tag';
	        case "'":
	            return 'single-quoted-scalar';
	        case '"':
	            return 'double-quoted-scalar';
	        case '|':
	        case '>':
	            return 'block-scalar-header';
	    }
	    return null;
	}

	cst.createScalarToken = cstScalar.createScalarToken;
	cst.resolveAsScalar = cstScalar.resolveAsScalar;
	cst.setScalarValue = cstScalar.setScalarValue;
	cst.stringify = cstStringify.stringify;
	cst.visit = cstVisit.visit;
	cst.BOM = BOM;
	cst.DOCUMENT = DOCUMENT;
	cst.FLOW_END = FLOW_END;
	cst.SCALAR = SCALAR;
	cst.isCollection = isCollection;
	cst.isScalar = isScalar;
	cst.prettyToken = prettyToken;
	cst.tokenType = tokenType;
	return cst;
}

var lexer = {};

var hasRequiredLexer;

function requireLexer () {
	if (hasRequiredLexer) return lexer;
	hasRequiredLexer = 1;

	var cst = requireCst();

	/*
	START -> stream

	stream
	  directive -> line-end -> stream
	  indent + line-end -> stream
	  [else] -> line-start

	line-end
	  comment -> line-end
	  newline -> .
	  input-end -> END

	line-start
	  doc-start -> doc
	  doc-end -> stream
	  [else] -> indent -> block-start

	block-start
	  seq-item-start -> block-start
	  explicit-key-start -> block-start
	  map-value-start -> block-start
	  [else] -> doc

	doc
	  line-end -> line-start
	  spaces -> doc
	  anchor -> doc
	  tag -> doc
	  flow-start -> flow -> doc
	  flow-end -> error -> doc
	  seq-item-start -> error -> doc
	  explicit-key-start -> error -> doc
	  map-value-start -> doc
	  alias -> doc
	  quote-start -> quoted-scalar -> doc
	  block-scalar-header -> line-end -> block-scalar(min) -> line-start
	  [else] -> plain-scalar(false, min) -> doc

	flow
	  line-end -> flow
	  spaces -> flow
	  anchor -> flow
	  tag -> flow
	  flow-start -> flow -> flow
	  flow-end -> .
	  seq-item-start -> error -> flow
	  explicit-key-start -> flow
	  map-value-start -> flow
	  alias -> flow
	  quote-start -> quoted-scalar -> flow
	  comma -> flow
	  [else] -> plain-scalar(true, 0) -> flow

	quoted-scalar
	  quote-end -> .
	  [else] -> quoted-scalar

	block-scalar(min)
	  newline + peek(indent < min) -> .
	  [else] -> block-scalar(min)

	plain-scalar(is-flow, min)
	  scalar-end(is-flow) -> .
	  peek(newline + (indent < min)) -> .
	  [else] -> plain-scalar(min)
	*/
	function isEmpty(ch) {
	    switch (ch) {
	        case undefined:
	        case ' ':
	        case '\n':
	        case '\r':
	        case '\t':
	            return true;
	        default:
	            return false;
	    }
	}
	const hexDigits = new Set('0123456789ABCDEFabcdef');
	const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
	const flowIndicatorChars = new Set(',[]{}');
	const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
	const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
	/**
	 * Splits an input string into lexical tokens, i.e. smaller strings that are
	 * easily identifiable by `tokens.tokenType()`.
	 *
	 * Lexing starts always in a "stream" context. Incomplete input may be buffered
	 * until a complete token can be emitted.
	 *
	 * In addition to slices of the original input, the following control characters
	 * may also be emitted:
	 *
	 * - `\x02` (Start of Text): A document starts with the next token
	 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
	 * - `\x1f` (Unit Separator): Next token is a scalar value
	 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
	 */
	class Lexer {
	    constructor() {
	        /**
	         * Flag indicating whether the end of the current buffer marks the end of
	         * all input
	         */
	        this.atEnd = false;
	        /**
	         * Explicit indent set in block scalar header, as an offset from the current
	         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
	         * explicitly set.
	         */
	        this.blockScalarIndent = -1;
	        /**
	         * Block scalars that include a + (keep) chomping indicator in their header
	         * include trailing empty lines, which are otherwise excluded from the
	         * scalar's contents.
	         */
	        this.blockScalarKeep = false;
	        /** Current input */
	        this.buffer = '';
	        /**
	         * Flag noting whether the map value indicator : can immediately follow this
	         * node within a flow context.
	         */
	        this.flowKey = false;
	        /** Count of surrounding flow collection levels. */
	        this.flowLevel = 0;
	        /**
	         * Minimum level of indentation required for next lines to be parsed as a
	         * part of the current scalar value.
	         */
	        this.indentNext = 0;
	        /** Indentation level of the current line. */
	        this.indentValue = 0;
	        /** Position of the next \n character. */
	        this.lineEndPos = null;
	        /** Stores the state of the lexer if reaching the end of incpomplete input */
	        this.next = null;
	        /** A pointer to `buffer`; the current position of the lexer. */
	        this.pos = 0;
	    }
	    /**
	     * Generate YAML tokens from the `source` string. If `incomplete`,
	     * a part of the last line may be left as a buffer for the next call.
	     *
	     * @returns A generator of lexical tokens
	     */
	    *lex(source, incomplete = false) {
	        if (source) {
	            if (typeof source !== 'string')
	                throw TypeError('source is not a string');
	            this.buffer = this.buffer ? this.buffer + source : source;
	            this.lineEndPos = null;
	        }
	        this.atEnd = !incomplete;
	        let next = this.next ?? 'stream';
	        while (next && (incomplete || this.hasChars(1)))
	            next = yield* this.parseNext(next);
	    }
	    atLineEnd() {
	        let i = this.pos;
	        let ch = this.buffer[i];
	        while (ch === ' ' || ch === '\t')
	            ch = this.buffer[++i];
	        if (!ch || ch === '#' || ch === '\n')
	            return true;
	        if (ch === '\r')
	            return this.buffer[i + 1] === '\n';
	        return false;
	    }
	    charAt(n) {
	        return this.buffer[this.pos + n];
	    }
	    continueScalar(offset) {
	        let ch = this.buffer[offset];
	        if (this.indentNext > 0) {
	            let indent = 0;
	            while (ch === ' ')
	                ch = this.buffer[++indent + offset];
	            if (ch === '\r') {
	                const next = this.buffer[indent + offset + 1];
	                if (next === '\n' || (!next && !this.atEnd))
	                    return offset + indent + 1;
	            }
	            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
	                ? offset + indent
	                : -1;
	        }
	        if (ch === '-' || ch === '.') {
	            const dt = this.buffer.substr(offset, 3);
	            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
	                return -1;
	        }
	        return offset;
	    }
	    getLine() {
	        let end = this.lineEndPos;
	        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
	            end = this.buffer.indexOf('\n', this.pos);
	            this.lineEndPos = end;
	        }
	        if (end === -1)
	            return this.atEnd ? this.buffer.substring(this.pos) : null;
	        if (this.buffer[end - 1] === '\r')
	            end -= 1;
	        return this.buffer.substring(this.pos, end);
	    }
	    hasChars(n) {
	        return this.pos + n <= this.buffer.length;
	    }
	    setNext(state) {
	        this.buffer = this.buffer.substring(this.pos);
	        this.pos = 0;
	        this.lineEndPos = null;
	        this.next = state;
	        return null;
	    }
	    peek(n) {
	        return this.buffer.substr(this.pos, n);
	    }
	    *parseNext(next) {
	        switch (next) {
	            case 'stream':
	                return yield* this.parseStream();
	            case 'line-start':
	                return yield* this.parseLineStart();
	            case 'block-start':
	                return yield* this.parseBlockStart();
	            case 'doc':
	                return yield* this.parseDocument();
	            case 'flow':
	                return yield* this.parseFlowCollection();
	            case 'quoted-scalar':
	                return yield* this.parseQuotedScalar();
	            case 'block-scalar':
	                return yield* this.parseBlockScalar();
	            case 'plain-scalar':
	                return yield* this.parsePlainScalar();
	        }
	    }
	    *parseStream() {
	        let line = this.getLine();
	        if (line === null)
	            return this.setNext('stream');
	        if (line[0] === cst.BOM) {
	            yield* this.pushCount(1);
	            line = line.substring(1);
	        }
	        if (line[0] === '%') {
	            let dirEnd = line.length;
	            let cs = line.indexOf('#');
	            while (cs !== -1) {
	                const ch = line[cs - 1];
	                if (ch === ' ' || ch === '\t') {
	                    dirEnd = cs - 1;
	                    break;
	                }
	                else {
	                    cs = line.indexOf('#', cs + 1);
	                }
	            }
	            while (true) {
	                const ch = line[dirEnd - 1];
	                if (ch === ' ' || ch === '\t')
	                    dirEnd -= 1;
	                else
	                    break;
	            }
	            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
	            yield* this.pushCount(line.length - n); // possible comment
	            this.pushNewline();
	            return 'stream';
	        }
	        if (this.atLineEnd()) {
	            const sp = yield* this.pushSpaces(true);
	            yield* this.pushCount(line.length - sp);
	            yield* this.pushNewline();
	            return 'stream';
	        }
	        yield cst.DOCUMENT;
	        return yield* this.parseLineStart();
	    }
	    *parseLineStart() {
	        const ch = this.charAt(0);
	        if (!ch && !this.atEnd)
	            return this.setNext('line-start');
	        if (ch === '-' || ch === '.') {
	            if (!this.atEnd && !this.hasChars(4))
	                return this.setNext('line-start');
	            const s = this.peek(3);
	            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
	                yield* this.pushCount(3);
	                this.indentValue = 0;
	                this.indentNext = 0;
	                return s === '---' ? 'doc' : 'stream';
	            }
	        }
	        this.indentValue = yield* this.pushSpaces(false);
	        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
	            this.indentNext = this.indentValue;
	        return yield* this.parseBlockStart();
	    }
	    *parseBlockStart() {
	        const [ch0, ch1] = this.peek(2);
	        if (!ch1 && !this.atEnd)
	            return this.setNext('block-start');
	        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
	            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
	            this.indentNext = this.indentValue + 1;
	            this.indentValue += n;
	            return 'block-start';
	        }
	        return 'doc';
	    }
	    *parseDocument() {
	        yield* this.pushSpaces(true);
	        const line = this.getLine();
	        if (line === null)
	            return this.setNext('doc');
	        let n = yield* this.pushIndicators();
	        switch (line[n]) {
	            case '#':
	                yield* this.pushCount(line.length - n);
	            // fallthrough
	            case undefined:
	                yield* this.pushNewline();
	                return yield* this.parseLineStart();
	            case '{':
	            case '[':
	                yield* this.pushCount(1);
	                this.flowKey = false;
	                this.flowLevel = 1;
	                return 'flow';
	            case '}':
	            case ']':
	                // this is an error
	                yield* this.pushCount(1);
	                return 'doc';
	            case '*':
	                yield* this.pushUntil(isNotAnchorChar);
	                return 'doc';
	            case '"':
	            case "'":
	                return yield* this.parseQuotedScalar();
	            case '|':
	            case '>':
	                n += yield* this.parseBlockScalarHeader();
	                n += yield* this.pushSpaces(true);
	                yield* this.pushCount(line.length - n);
	                yield* this.pushNewline();
	                return yield* this.parseBlockScalar();
	            default:
	                return yield* this.parsePlainScalar();
	        }
	    }
	    *parseFlowCollection() {
	        let nl, sp;
	        let indent = -1;
	        do {
	            nl = yield* this.pushNewline();
	            if (nl > 0) {
	                sp = yield* this.pushSpaces(false);
	                this.indentValue = indent = sp;
	            }
	            else {
	                sp = 0;
	            }
	            sp += yield* this.pushSpaces(true);
	        } while (nl + sp > 0);
	        const line = this.getLine();
	        if (line === null)
	            return this.setNext('flow');
	        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
	            (indent === 0 &&
	                (line.startsWith('---') || line.startsWith('...')) &&
	                isEmpty(line[3]))) {
	            // Allowing for the terminal ] or } at the same (rather than greater)
	            // indent level as the initial [ or { is technically invalid, but
	            // failing here would be surprising to users.
	            const atFlowEndMarker = indent === this.indentNext - 1 &&
	                this.flowLevel === 1 &&
	                (line[0] === ']' || line[0] === '}');
	            if (!atFlowEndMarker) {
	                // this is an error
	                this.flowLevel = 0;
	                yield cst.FLOW_END;
	                return yield* this.parseLineStart();
	            }
	        }
	        let n = 0;
	        while (line[n] === ',') {
	            n += yield* this.pushCount(1);
	            n += yield* this.pushSpaces(true);
	            this.flowKey = false;
	        }
	        n += yield* this.pushIndicators();
	        switch (line[n]) {
	            case undefined:
	                return 'flow';
	            case '#':
	                yield* this.pushCount(line.length - n);
	                return 'flow';
	            case '{':
	            case '[':
	                yield* this.pushCount(1);
	                this.flowKey = false;
	                this.flowLevel += 1;
	                return 'flow';
	            case '}':
	            case ']':
	                yield* this.pushCount(1);
	                this.flowKey = true;
	                this.flowLevel -= 1;
	                return this.flowLevel ? 'flow' : 'doc';
	            case '*':
	                yield* this.pushUntil(isNotAnchorChar);
	                return 'flow';
	            case '"':
	            case "'":
	                this.flowKey = true;
	                return yield* this.parseQuotedScalar();
	            case ':': {
	                const next = this.charAt(1);
	                if (this.flowKey || isEmpty(next) || next === ',') {
	                    this.flowKey = false;
	                    yield* this.pushCount(1);
	                    yield* this.pushSpaces(true);
	                    return 'flow';
	                }
	            }
	            // fallthrough
	            default:
	                this.flowKey = false;
	                return yield* this.parsePlainScalar();
	        }
	    }
	    *parseQuotedScalar() {
	        const quote = this.charAt(0);
	        let end = this.buffer.indexOf(quote, this.pos + 1);
	        if (quote === "'") {
	            while (end !== -1 && this.buffer[end + 1] === "'")
	                end = this.buffer.indexOf("'", end + 2);
	        }
	        else {
	            // double-quote
	            while (end !== -1) {
	                let n = 0;
	                while (this.buffer[end - 1 - n] === '\\')
	                    n += 1;
	                if (n % 2 === 0)
	                    break;
	                end = this.buffer.indexOf('"', end + 1);
	            }
	        }
	        // Only looking for newlines within the quotes
	        const qb = this.buffer.substring(0, end);
	        let nl = qb.indexOf('\n', this.pos);
	        if (nl !== -1) {
	            while (nl !== -1) {
	                const cs = this.continueScalar(nl + 1);
	                if (cs === -1)
	                    break;
	                nl = qb.indexOf('\n', cs);
	            }
	            if (nl !== -1) {
	                // this is an error caused by an unexpected unindent
	                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
	            }
	        }
	        if (end === -1) {
	            if (!this.atEnd)
	                return this.setNext('quoted-scalar');
	            end = this.buffer.length;
	        }
	        yield* this.pushToIndex(end + 1, false);
	        return this.flowLevel ? 'flow' : 'doc';
	    }
	    *parseBlockScalarHeader() {
	        this.blockScalarIndent = -1;
	        this.blockScalarKeep = false;
	        let i = this.pos;
	        while (true) {
	            const ch = this.buffer[++i];
	            if (ch === '+')
	                this.blockScalarKeep = true;
	            else if (ch > '0' && ch <= '9')
	                this.blockScalarIndent = Number(ch) - 1;
	            else if (ch !== '-')
	                break;
	        }
	        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
	    }
	    *parseBlockScalar() {
	        let nl = this.pos - 1; // may be -1 if this.pos === 0
	        let indent = 0;
	        let ch;
	        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
	            switch (ch) {
	                case ' ':
	                    indent += 1;
	                    break;
	                case '\n':
	                    nl = i;
	                    indent = 0;
	                    break;
	                case '\r': {
	                    const next = this.buffer[i + 1];
	                    if (!next && !this.atEnd)
	                        return this.setNext('block-scalar');
	                    if (next === '\n')
	                        break;
	                } // fallthrough
	                default:
	                    break loop;
	            }
	        }
	        if (!ch && !this.atEnd)
	            return this.setNext('block-scalar');
	        if (indent >= this.indentNext) {
	            if (this.blockScalarIndent === -1)
	                this.indentNext = indent;
	            else {
	                this.indentNext =
	                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
	            }
	            do {
	                const cs = this.continueScalar(nl + 1);
	                if (cs === -1)
	                    break;
	                nl = this.buffer.indexOf('\n', cs);
	            } while (nl !== -1);
	            if (nl === -1) {
	                if (!this.atEnd)
	                    return this.setNext('block-scalar');
	                nl = this.buffer.length;
	            }
	        }
	        // Trailing insufficiently indented tabs are invalid.
	        // To catch that during parsing, we include them in the block scalar value.
	        let i = nl + 1;
	        ch = this.buffer[i];
	        while (ch === ' ')
	            ch = this.buffer[++i];
	        if (ch === '\t') {
	            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
	                ch = this.buffer[++i];
	            nl = i - 1;
	        }
	        else if (!this.blockScalarKeep) {
	            do {
	                let i = nl - 1;
	                let ch = this.buffer[i];
	                if (ch === '\r')
	                    ch = this.buffer[--i];
	                const lastChar = i; // Drop the line if last char not more indented
	                while (ch === ' ')
	                    ch = this.buffer[--i];
	                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
	                    nl = i;
	                else
	                    break;
	            } while (true);
	        }
	        yield cst.SCALAR;
	        yield* this.pushToIndex(nl + 1, true);
	        return yield* this.parseLineStart();
	    }
	    *parsePlainScalar() {
	        const inFlow = this.flowLevel > 0;
	        let end = this.pos - 1;
	        let i = this.pos - 1;
	        let ch;
	        while ((ch = this.buffer[++i])) {
	            if (ch === ':') {
	                const next = this.buffer[i + 1];
	                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
	                    break;
	                end = i;
	            }
	            else if (isEmpty(ch)) {
	                let next = this.buffer[i + 1];
	                if (ch === '\r') {
	                    if (next === '\n') {
	                        i += 1;
	                        ch = '\n';
	                        next = this.buffer[i + 1];
	                    }
	                    else
	                        end = i;
	                }
	                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
	                    break;
	                if (ch === '\n') {
	                    const cs = this.continueScalar(i + 1);
	                    if (cs === -1)
	                        break;
	                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
	                }
	            }
	            else {
	                if (inFlow && flowIndicatorChars.has(ch))
	                    break;
	                end = i;
	            }
	        }
	        if (!ch && !this.atEnd)
	            return this.setNext('plain-scalar');
	        yield cst.SCALAR;
	        yield* this.pushToIndex(end + 1, true);
	        return inFlow ? 'flow' : 'doc';
	    }
	    *pushCount(n) {
	        if (n > 0) {
	            yield this.buffer.substr(this.pos, n);
	            this.pos += n;
	            return n;
	        }
	        return 0;
	    }
	    *pushToIndex(i, allowEmpty) {
	        const s = this.buffer.slice(this.pos, i);
	        if (s) {
	            yield s;
	            this.pos += s.length;
	            return s.length;
	        }
	        else if (allowEmpty)
	            yield '';
	        return 0;
	    }
	    *pushIndicators() {
	        let n = 0;
	        loop: while (true) {
	            switch (this.charAt(0)) {
	                case '!':
	                    n += yield* this.pushTag();
	                    n += yield* this.pushSpaces(true);
	                    continue loop;
	                case '&':
	                    n += yield* this.pushUntil(isNotAnchorChar);
	                    n += yield* this.pushSpaces(true);
	                    continue loop;
	                case '-': // this is an error
	                case '?': // this is an error outside flow collections
	                case ':': {
	                    const inFlow = this.flowLevel > 0;
	                    const ch1 = this.charAt(1);
	                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
	                        if (!inFlow)
	                            this.indentNext = this.indentValue + 1;
	                        else if (this.flowKey)
	                            this.flowKey = false;
	                        n += yield* this.pushCount(1);
	                        n += yield* this.pushSpaces(true);
	                        continue loop;
	                    }
	                }
	            }
	            break loop;
	        }
	        return n;
	    }
	    *pushTag() {
	        if (this.charAt(1) === '<') {
	            let i = this.pos + 2;
	            let ch = this.buffer[i];
	            while (!isEmpty(ch) && ch !== '>')
	                ch = this.buffer[++i];
	            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
	        }
	        else {
	            let i = this.pos + 1;
	            let ch = this.buffer[i];
	            while (ch) {
	                if (tagChars.has(ch))
	                    ch = this.buffer[++i];
	                else if (ch === '%' &&
	                    hexDigits.has(this.buffer[i + 1]) &&
	                    hexDigits.has(this.buffer[i + 2])) {
	                    ch = this.buffer[(i += 3)];
	                }
	                else
	                    break;
	            }
	            return yield* this.pushToIndex(i, false);
	        }
	    }
	    *pushNewline() {
	        const ch = this.buffer[this.pos];
	        if (ch === '\n')
	            return yield* this.pushCount(1);
	        else if (ch === '\r' && this.charAt(1) === '\n')
	            return yield* this.pushCount(2);
	        else
	            return 0;
	    }
	    *pushSpaces(allowTabs) {
	        let i = this.pos - 1;
	        let ch;
	        do {
	            ch = this.buffer[++i];
	        } while (ch === ' ' || (allowTabs && ch === '\t'));
	        const n = i - this.pos;
	        if (n > 0) {
	            yield this.buffer.substr(this.pos, n);
	            this.pos = i;
	        }
	        return n;
	    }
	    *pushUntil(test) {
	        let i = this.pos;
	        let ch = this.buffer[i];
	        while (!test(ch))
	            ch = this.buffer[++i];
	        return yield* this.pushToIndex(i, false);
	    }
	}

	lexer.Lexer = Lexer;
	return lexer;
}

var lineCounter = {};

var hasRequiredLineCounter;

function requireLineCounter () {
	if (hasRequiredLineCounter) return lineCounter;
	hasRequiredLineCounter = 1;

	/**
	 * Tracks newlines during parsing in order to provide an efficient API for
	 * determining the one-indexed `{ line, col }` position for any offset
	 * within the input.
	 */
	class LineCounter {
	    constructor() {
	        this.lineStarts = [];
	        /**
	         * Should be called in ascending order. Otherwise, call
	         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
	         */
	        this.addNewLine = (offset) => this.lineStarts.push(offset);
	        /**
	         * Performs a binary search and returns the 1-indexed { line, col }
	         * position of `offset`. If `line === 0`, `addNewLine` has never been
	         * called or `offset` is before the first known newline.
	         */
	        this.linePos = (offset) => {
	            let low = 0;
	            let high = this.lineStarts.length;
	            while (low < high) {
	                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
	                if (this.lineStarts[mid] < offset)
	                    low = mid + 1;
	                else
	                    high = mid;
	            }
	            if (this.lineStarts[low] === offset)
	                return { line: low + 1, col: 1 };
	            if (low === 0)
	                return { line: 0, col: offset };
	            const start = this.lineStarts[low - 1];
	            return { line: low, col: offset - start + 1 };
	        };
	    }
	}

	lineCounter.LineCounter = LineCounter;
	return lineCounter;
}

var parser = {};

var hasRequiredParser;

function requireParser () {
	if (hasRequiredParser) return parser;
	hasRequiredParser = 1;

	var node_process = require$$0;
	var cst = requireCst();
	var lexer = requireLexer();

	function includesToken(list, type) {
	    for (let i = 0; i < list.length; ++i)
	        if (list[i].type === type)
	            return true;
	    return false;
	}
	function findNonEmptyIndex(list) {
	    for (let i = 0; i < list.length; ++i) {
	        switch (list[i].type) {
	            case 'space':
	            case 'comment':
	            case 'newline':
	                break;
	            default:
	                return i;
	        }
	    }
	    return -1;
	}
	function isFlowToken(token) {
	    switch (token?.type) {
	        case 'alias':
	        case 'scalar':
	        case 'single-quoted-scalar':
	        case 'double-quoted-scalar':
	        case 'flow-collection':
	            return true;
	        default:
	            return false;
	    }
	}
	function getPrevProps(parent) {
	    switch (parent.type) {
	        case 'document':
	            return parent.start;
	        case 'block-map': {
	            const it = parent.items[parent.items.length - 1];
	            return it.sep ?? it.start;
	        }
	        case 'block-seq':
	            return parent.items[parent.items.length - 1].start;
	        /* istanbul ignore next should not happen */
	        default:
	            return [];
	    }
	}
	/** Note: May modify input array */
	function getFirstKeyStartProps(prev) {
	    if (prev.length === 0)
	        return [];
	    let i = prev.length;
	    loop: while (--i >= 0) {
	        switch (prev[i].type) {
	            case 'doc-start':
	            case 'explicit-key-ind':
	            case 'map-value-ind':
	            case 'seq-item-ind':
	            case 'newline':
	                break loop;
	        }
	    }
	    while (prev[++i]?.type === 'space') {
	        /* loop */
	    }
	    return prev.splice(i, prev.length);
	}
	function arrayPushArray(target, source) {
	    // May exhaust call stack with large `source` array
	    if (source.length < 1e5)
	        Array.prototype.push.apply(target, source);
	    else
	        for (let i = 0; i < source.length; ++i)
	            target.push(source[i]);
	}
	function fixFlowSeqItems(fc) {
	    if (fc.start.type === 'flow-seq-start') {
	        for (const it of fc.items) {
	            if (it.sep &&
	                !it.value &&
	                !includesToken(it.start, 'explicit-key-ind') &&
	                !includesToken(it.sep, 'map-value-ind')) {
	                if (it.key)
	                    it.value = it.key;
	                delete it.key;
	                if (isFlowToken(it.value)) {
	                    if (it.value.end)
	                        arrayPushArray(it.value.end, it.sep);
	                    else
	                        it.value.end = it.sep;
	                }
	                else
	                    arrayPushArray(it.start, it.sep);
	                delete it.sep;
	            }
	        }
	    }
	}
	/**
	 * A YAML concrete syntax tree (CST) parser
	 *
	 * ```ts
	 * const src: string = ...
	 * for (const token of new Parser().parse(src)) {
	 *   // token: Token
	 * }
	 * ```
	 *
	 * To use the parser with a user-provided lexer:
	 *
	 * ```ts
	 * function* parse(source: string, lexer: Lexer) {
	 *   const parser = new Parser()
	 *   for (const lexeme of lexer.lex(source))
	 *     yield* parser.next(lexeme)
	 *   yield* parser.end()
	 * }
	 *
	 * const src: string = ...
	 * const lexer = new Lexer()
	 * for (const token of parse(src, lexer)) {
	 *   // token: Token
	 * }
	 * ```
	 */
	class Parser {
	    /**
	     * @param onNewLine - If defined, called separately with the start position of
	     *   each new line (in `parse()`, including the start of input).
	     */
	    constructor(onNewLine) {
	        /** If true, space and sequence indicators count as indentation */
	        this.atNewLine = true;
	        /** If true, next token is a scalar value */
	        this.atScalar = false;
	        /** Current indentation level */
	        this.indent = 0;
	        /** Current offset since the start of parsing */
	        this.offset = 0;
	        /** On the same line with a block map key */
	        this.onKeyLine = false;
	        /** Top indicates the node that's currently being built */
	        this.stack = [];
	        /** The source of the current token, set in parse() */
	        this.source = '';
	        /** The type of the current token, set in parse() */
	        this.type = '';
	        // Must be defined after `next()`
	        this.lexer = new lexer.Lexer();
	        this.onNewLine = onNewLine;
	    }
	    /**
	     * Parse `source` as a YAML stream.
	     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
	     *
	     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
	     *
	     * @returns A generator of tokens representing each directive, document, and other structure.
	     */
	    *parse(source, incomplete = false) {
	        if (this.onNewLine && this.offset === 0)
	            this.onNewLine(0);
	        for (const lexeme of this.lexer.lex(source, incomplete))
	            yield* this.next(lexeme);
	        if (!incomplete)
	            yield* this.end();
	    }
	    /**
	     * Advance the parser by the `source` of one lexical token.
	     */
	    *next(source) {
	        this.source = source;
	        if (node_process.env.LOG_TOKENS)
	            console.log('|', cst.prettyToken(source));
	        if (this.atScalar) {
	            this.atScalar = false;
	            yield* this.step();
	            this.offset += source.length;
	            return;
	        }
	        const type = cst.tokenType(source);
	        if (!type) {
	            const message = `Not a YAML token: ${source}`;
	            yield* this.pop({ type: 'error', offset: this.offset, message, source });
	            this.offset += source.length;
	        }
	        else if (type === 'scalar') {
	            this.atNewLine = false;
	            this.atScalar = true;
	            this.type = 'scalar';
	        }
	        else {
	            this.type = type;
	            yield* this.step();
	            switch (type) {
	                case 'newline':
	                    this.atNewLine = true;
	                    this.indent = 0;
	                    if (this.onNewLine)
	                        this.onNewLine(this.offset + source.length);
	                    break;
	                case 'space':
	                    if (this.atNewLine && source[0] === ' ')
	                        this.indent += source.length;
	                    break;
	                case 'explicit-key-ind':
	                case 'map-value-ind':
	                case 'seq-item-ind':
	                    if (this.atNewLine)
	                        this.indent += source.length;
	                    break;
	                case 'doc-mode':
	                case 'flow-error-end':
	                    return;
	                default:
	                    this.atNewLine = false;
	            }
	            this.offset += source.length;
	        }
	    }
	    /** Call at end of input to push out any remaining constructions */
	    *end() {
	        while (this.stack.length > 0)
	            yield* this.pop();
	    }
	    get sourceToken() {
	        const st = {
	            type: this.type,
	            offset: this.offset,
	            indent: this.indent,
	            source: this.source
	        };
	        return st;
	    }
	    *step() {
	        const top = this.peek(1);
	        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
	            while (this.stack.length > 0)
	                yield* this.pop();
	            this.stack.push({
	                type: 'doc-end',
	                offset: this.offset,
	                source: this.source
	            });
	            return;
	        }
	        if (!top)
	            return yield* this.stream();
	        switch (top.type) {
	            case 'document':
	                return yield* this.document(top);
	            case 'alias':
	            case 'scalar':
	            case 'single-quoted-scalar':
	            case 'double-quoted-scalar':
	                return yield* this.scalar(top);
	            case 'block-scalar':
	                return yield* this.blockScalar(top);
	            case 'block-map':
	                return yield* this.blockMap(top);
	            case 'block-seq':
	                return yield* this.blockSequence(top);
	            case 'flow-collection':
	                return yield* this.flowCollection(top);
	            case 'doc-end':
	                return yield* this.documentEnd(top);
	        }
	        /* istanbul ignore next should not happen */
	        yield* this.pop();
	    }
	    peek(n) {
	        return this.stack[this.stack.length - n];
	    }
	    *pop(error) {
	        const token = error ?? this.stack.pop();
	        /* istanbul ignore if should not happen */
	        if (!token) {
	            const message = 'Tried to pop an empty stack';
	            yield { type: 'error', offset: this.offset, source: '', message };
	        }
	        else if (this.stack.length === 0) {
	            yield token;
	        }
	        else {
	            const top = this.peek(1);
	            if (token.type === 'block-scalar') {
	                // Block scalars use their parent rather than header indent
	                token.indent = 'indent' in top ? top.indent : 0;
	            }
	            else if (token.type === 'flow-collection' && top.type === 'document') {
	                // Ignore all indent for top-level flow collections
	                token.indent = 0;
	            }
	            if (token.type === 'flow-collection')
	                fixFlowSeqItems(token);
	            switch (top.type) {
	                case 'document':
	                    top.value = token;
	                    break;
	                case 'block-scalar':
	                    top.props.push(token); // error
	                    break;
	                case 'block-map': {
	                    const it = top.items[top.items.length - 1];
	                    if (it.value) {
	                        top.items.push({ start: [], key: token, sep: [] });
	                        this.onKeyLine = true;
	                        return;
	                    }
	                    else if (it.sep) {
	                        it.value = token;
	                    }
	                    else {
	                        Object.assign(it, { key: token, sep: [] });
	                        this.onKeyLine = !it.explicitKey;
	                        return;
	                    }
	                    break;
	                }
	                case 'block-seq': {
	                    const it = top.items[top.items.length - 1];
	                    if (it.value)
	                        top.items.push({ start: [], value: token });
	                    else
	                        it.value = token;
	                    break;
	                }
	                case 'flow-collection': {
	                    const it = top.items[top.items.length - 1];
	                    if (!it || it.value)
	                        top.items.push({ start: [], key: token, sep: [] });
	                    else if (it.sep)
	                        it.value = token;
	                    else
	                        Object.assign(it, { key: token, sep: [] });
	                    return;
	                }
	                /* istanbul ignore next should not happen */
	                default:
	                    yield* this.pop();
	                    yield* this.pop(token);
	            }
	            if ((top.type === 'document' ||
	                top.type === 'block-map' ||
	                top.type === 'block-seq') &&
	                (token.type === 'block-map' || token.type === 'block-seq')) {
	                const last = token.items[token.items.length - 1];
	                if (last &&
	                    !last.sep &&
	                    !last.value &&
	                    last.start.length > 0 &&
	                    findNonEmptyIndex(last.start) === -1 &&
	                    (token.indent === 0 ||
	                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
	                    if (top.type === 'document')
	                        top.end = last.start;
	                    else
	                        top.items.push({ start: last.start });
	                    token.items.splice(-1, 1);
	                }
	            }
	        }
	    }
	    *stream() {
	        switch (this.type) {
	            case 'directive-line':
	                yield { type: 'directive', offset: this.offset, source: this.source };
	                return;
	            case 'byte-order-mark':
	            case 'space':
	            case 'comment':
	            case 'newline':
	                yield this.sourceToken;
	                return;
	            case 'doc-mode':
	            case 'doc-start': {
	                const doc = {
	                    type: 'document',
	                    offset: this.offset,
	                    start: []
	                };
	                if (this.type === 'doc-start')
	                    doc.start.push(this.sourceToken);
	                this.stack.push(doc);
	                return;
	            }
	        }
	        yield {
	            type: 'error',
	            offset: this.offset,
	            message: `Unexpected ${this.type} token in YAML stream`,
	            source: this.source
	        };
	    }
	    *document(doc) {
	        if (doc.value)
	            return yield* this.lineEnd(doc);
	        switch (this.type) {
	            case 'doc-start': {
	                if (findNonEmptyIndex(doc.start) !== -1) {
	                    yield* this.pop();
	                    yield* this.step();
	                }
	                else
	                    doc.start.push(this.sourceToken);
	                return;
	            }
	            case 'anchor':
	            case 'tag':
	            case 'space':
	            case 'comment':
	            case 'newline':
	                doc.start.push(this.sourceToken);
	                return;
	        }
	        const bv = this.startBlockValue(doc);
	        if (bv)
	            this.stack.push(bv);
	        else {
	            yield {
	                type: 'error',
	                offset: this.offset,
	                message: `Unexpected ${this.type} token in YAML document`,
	                source: this.source
	            };
	        }
	    }
	    *scalar(scalar) {
	        if (this.type === 'map-value-ind') {
	            const prev = getPrevProps(this.peek(2));
	            const start = getFirstKeyStartProps(prev);
	            let sep;
	            if (scalar.end) {
	                sep = scalar.end;
	                sep.push(this.sourceToken);
	                delete scalar.end;
	            }
	            else
	                sep = [this.sourceToken];
	            const map = {
	                type: 'block-map',
	                offset: scalar.offset,
	                indent: scalar.indent,
	                items: [{ start, key: scalar, sep }]
	            };
	            this.onKeyLine = true;
	            this.stack[this.stack.length - 1] = map;
	        }
	        else
	            yield* this.lineEnd(scalar);
	    }
	    *blockScalar(scalar) {
	        switch (this.type) {
	            case 'space':
	            case 'comment':
	            case 'newline':
	                scalar.props.push(this.sourceToken);
	                return;
	            case 'scalar':
	                scalar.source = this.source;
	                // block-scalar source includes trailing newline
	                this.atNewLine = true;
	                this.indent = 0;
	                if (this.onNewLine) {
	                    let nl = this.source.indexOf('\n') + 1;
	                    while (nl !== 0) {
	                        this.onNewLine(this.offset + nl);
	                        nl = this.source.indexOf('\n', nl) + 1;
	                    }
	                }
	                yield* this.pop();
	                break;
	            /* istanbul ignore next should not happen */
	            default:
	                yield* this.pop();
	                yield* this.step();
	        }
	    }
	    *blockMap(map) {
	        const it = map.items[map.items.length - 1];
	        // it.sep is true-ish if pair already has key or : separator
	        switch (this.type) {
	            case 'newline':
	                this.onKeyLine = false;
	                if (it.value) {
	                    const end = 'end' in it.value ? it.value.end : undefined;
	                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
	                    if (last?.type === 'comment')
	                        end?.push(this.sourceToken);
	                    else
	                        map.items.push({ start: [this.sourceToken] });
	                }
	                else if (it.sep) {
	                    it.sep.push(this.sourceToken);
	                }
	                else {
	                    it.start.push(this.sourceToken);
	                }
	                return;
	            case 'space':
	            case 'comment':
	                if (it.value) {
	                    map.items.push({ start: [this.sourceToken] });
	                }
	                else if (it.sep) {
	                    it.sep.push(this.sourceToken);
	                }
	                else {
	                    if (this.atIndentedComment(it.start, map.indent)) {
	                        const prev = map.items[map.items.length - 2];
	                        const end = prev?.value?.end;
	                        if (Array.isArray(end)) {
	                            arrayPushArray(end, it.start);
	                            end.push(this.sourceToken);
	                            map.items.pop();
	                            return;
	                        }
	                    }
	                    it.start.push(this.sourceToken);
	                }
	                return;
	        }
	        if (this.indent >= map.indent) {
	            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
	            const atNextItem = atMapIndent &&
	                (it.sep || it.explicitKey) &&
	                this.type !== 'seq-item-ind';
	            // For empty nodes, assign newline-separated not indented empty tokens to following node
	            let start = [];
	            if (atNextItem && it.sep && !it.value) {
	                const nl = [];
	                for (let i = 0; i < it.sep.length; ++i) {
	                    const st = it.sep[i];
	                    switch (st.type) {
	                        case 'newline':
	                            nl.push(i);
	                            break;
	                        case 'space':
	                            break;
	                        case 'comment':
	                            if (st.indent > map.indent)
	                                nl.length = 0;
	                            break;
	                        default:
	                            nl.length = 0;
	                    }
	                }
	                if (nl.length >= 2)
	                    start = it.sep.splice(nl[1]);
	            }
	            switch (this.type) {
	                case 'anchor':
	                case 'tag':
	                    if (atNextItem || it.value) {
	                        start.push(this.sourceToken);
	                        map.items.push({ start });
	                        this.onKeyLine = true;
	                    }
	                    else if (it.sep) {
	                        it.sep.push(this.sourceToken);
	                    }
	                    else {
	                        it.start.push(this.sourceToken);
	                    }
	                    return;
	                case 'explicit-key-ind':
	                    if (!it.sep && !it.explicitKey) {
	                        it.start.push(this.sourceToken);
	                        it.explicitKey = true;
	                    }
	                    else if (atNextItem || it.value) {
	                        start.push(this.sourceToken);
	                        map.items.push({ start, explicitKey: true });
	                    }
	                    else {
	                        this.stack.push({
	                            type: 'block-map',
	                            offset: this.offset,
	                            indent: this.indent,
	                            items: [{ start: [this.sourceToken], explicitKey: true }]
	                        });
	                    }
	                    this.onKeyLine = true;
	                    return;
	                case 'map-value-ind':
	                    if (it.explicitKey) {
	                        if (!it.sep) {
	                            if (includesToken(it.start, 'newline')) {
	                                Object.assign(it, { key: null, sep: [this.sourceToken] });
	                            }
	                            else {
	                                const start = getFirstKeyStartProps(it.start);
	                                this.stack.push({
	                                    type: 'block-map',
	                                    offset: this.offset,
	                                    indent: this.indent,
	                                    items: [{ start, key: null, sep: [this.sourceToken] }]
	                                });
	                            }
	                        }
	                        else if (it.value) {
	                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
	                        }
	                        else if (includesToken(it.sep, 'map-value-ind')) {
	                            this.stack.push({
	                                type: 'block-map',
	                                offset: this.offset,
	                                indent: this.indent,
	                                items: [{ start, key: null, sep: [this.sourceToken] }]
	                            });
	                        }
	                        else if (isFlowToken(it.key) &&
	                            !includesToken(it.sep, 'newline')) {
	                            const start = getFirstKeyStartProps(it.start);
	                            const key = it.key;
	                            const sep = it.sep;
	                            sep.push(this.sourceToken);
	                            // @ts-expect-error type guard is wrong here
	                            delete it.key;
	                            // @ts-expect-error type guard is wrong here
	                            delete it.sep;
	                            this.stack.push({
	                                type: 'block-map',
	                                offset: this.offset,
	                                indent: this.indent,
	                                items: [{ start, key, sep }]
	                            });
	                        }
	                        else if (start.length > 0) {
	                            // Not actually at next item
	                            it.sep = it.sep.concat(start, this.sourceToken);
	                        }
	                        else {
	                            it.sep.push(this.sourceToken);
	                        }
	                    }
	                    else {
	                        if (!it.sep) {
	                            Object.assign(it, { key: null, sep: [this.sourceToken] });
	                        }
	                        else if (it.value || atNextItem) {
	                            map.items.push({ start, key: null, sep: [this.sourceToken] });
	                        }
	                        else if (includesToken(it.sep, 'map-value-ind')) {
	                            this.stack.push({
	                                type: 'block-map',
	                                offset: this.offset,
	                                indent: this.indent,
	                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
	                            });
	                        }
	                        else {
	                            it.sep.push(this.sourceToken);
	                        }
	                    }
	                    this.onKeyLine = true;
	                    return;
	                case 'alias':
	                case 'scalar':
	                case 'single-quoted-scalar':
	                case 'double-quoted-scalar': {
	                    const fs = this.flowScalar(this.type);
	                    if (atNextItem || it.value) {
	                        map.items.push({ start, key: fs, sep: [] });
	                        this.onKeyLine = true;
	                    }
	                    else if (it.sep) {
	                        this.stack.push(fs);
	                    }
	                    else {
	                        Object.assign(it, { key: fs, sep: [] });
	                        this.onKeyLine = true;
	                    }
	                    return;
	                }
	                default: {
	                    const bv = this.startBlockValue(map);
	                    if (bv) {
	                        if (bv.type === 'block-seq') {
	                            if (!it.explicitKey &&
	                                it.sep &&
	                                !includesToken(it.sep, 'newline')) {
	                                yield* this.pop({
	                                    type: 'error',
	                                    offset: this.offset,
	                                    message: 'Unexpected block-seq-ind on same line with key',
	                                    source: this.source
	                                });
	                                return;
	                            }
	                        }
	                        else if (atMapIndent) {
	                            map.items.push({ start });
	                        }
	                        this.stack.push(bv);
	                        return;
	                    }
	                }
	            }
	        }
	        yield* this.pop();
	        yield* this.step();
	    }
	    *blockSequence(seq) {
	        const it = seq.items[seq.items.length - 1];
	        switch (this.type) {
	            case 'newline':
	                if (it.value) {
	                    const end = 'end' in it.value ? it.value.end : undefined;
	                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
	                    if (last?.type === 'comment')
	                        end?.push(this.sourceToken);
	                    else
	                        seq.items.push({ start: [this.sourceToken] });
	                }
	                else
	                    it.start.push(this.sourceToken);
	                return;
	            case 'space':
	            case 'comment':
	                if (it.value)
	                    seq.items.push({ start: [this.sourceToken] });
	                else {
	                    if (this.atIndentedComment(it.start, seq.indent)) {
	                        const prev = seq.items[seq.items.length - 2];
	                        const end = prev?.value?.end;
	                        if (Array.isArray(end)) {
	                            arrayPushArray(end, it.start);
	                            end.push(this.sourceToken);
	                            seq.items.pop();
	                            return;
	                        }
	                    }
	                    it.start.push(this.sourceToken);
	                }
	                return;
	            case 'anchor':
	            case 'tag':
	                if (it.value || this.indent <= seq.indent)
	                    break;
	                it.start.push(this.sourceToken);
	                return;
	            case 'seq-item-ind':
	                if (this.indent !== seq.indent)
	                    break;
	                if (it.value || includesToken(it.start, 'seq-item-ind'))
	                    seq.items.push({ start: [this.sourceToken] });
	                else
	                    it.start.push(this.sourceToken);
	                return;
	        }
	        if (this.indent > seq.indent) {
	            const bv = this.startBlockValue(seq);
	            if (bv) {
	                this.stack.push(bv);
	                return;
	            }
	        }
	        yield* this.pop();
	        yield* this.step();
	    }
	    *flowCollection(fc) {
	        const it = fc.items[fc.items.length - 1];
	        if (this.type === 'flow-error-end') {
	            let top;
	            do {
	                yield* this.pop();
	                top = this.peek(1);
	            } while (top?.type === 'flow-collection');
	        }
	        else if (fc.end.length === 0) {
	            switch (this.type) {
	                case 'comma':
	                case 'explicit-key-ind':
	                    if (!it || it.sep)
	                        fc.items.push({ start: [this.sourceToken] });
	                    else
	                        it.start.push(this.sourceToken);
	                    return;
	                case 'map-value-ind':
	                    if (!it || it.value)
	                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
	                    else if (it.sep)
	                        it.sep.push(this.sourceToken);
	                    else
	                        Object.assign(it, { key: null, sep: [this.sourceToken] });
	                    return;
	                case 'space':
	                case 'comment':
	                case 'newline':
	                case 'anchor':
	                case 'tag':
	                    if (!it || it.value)
	                        fc.items.push({ start: [this.sourceToken] });
	                    else if (it.sep)
	                        it.sep.push(this.sourceToken);
	                    else
	                        it.start.push(this.sourceToken);
	                    return;
	                case 'alias':
	                case 'scalar':
	                case 'single-quoted-scalar':
	                case 'double-quoted-scalar': {
	                    const fs = this.flowScalar(this.type);
	                    if (!it || it.value)
	                        fc.items.push({ start: [], key: fs, sep: [] });
	                    else if (it.sep)
	                        this.stack.push(fs);
	                    else
	                        Object.assign(it, { key: fs, sep: [] });
	                    return;
	                }
	                case 'flow-map-end':
	                case 'flow-seq-end':
	                    fc.end.push(this.sourceToken);
	                    return;
	            }
	            const bv = this.startBlockValue(fc);
	            /* istanbul ignore else should not happen */
	            if (bv)
	                this.stack.push(bv);
	            else {
	                yield* this.pop();
	                yield* this.step();
	            }
	        }
	        else {
	            const parent = this.peek(2);
	            if (parent.type === 'block-map' &&
	                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
	                    (this.type === 'newline' &&
	                        !parent.items[parent.items.length - 1].sep))) {
	                yield* this.pop();
	                yield* this.step();
	            }
	            else if (this.type === 'map-value-ind' &&
	                parent.type !== 'flow-collection') {
	                const prev = getPrevProps(parent);
	                const start = getFirstKeyStartProps(prev);
	                fixFlowSeqItems(fc);
	                const sep = fc.end.splice(1, fc.end.length);
	                sep.push(this.sourceToken);
	                const map = {
	                    type: 'block-map',
	                    offset: fc.offset,
	                    indent: fc.indent,
	                    items: [{ start, key: fc, sep }]
	                };
	                this.onKeyLine = true;
	                this.stack[this.stack.length - 1] = map;
	            }
	            else {
	                yield* this.lineEnd(fc);
	            }
	        }
	    }
	    flowScalar(type) {
	        if (this.onNewLine) {
	            let nl = this.source.indexOf('\n') + 1;
	            while (nl !== 0) {
	                this.onNewLine(this.offset + nl);
	                nl = this.source.indexOf('\n', nl) + 1;
	            }
	        }
	        return {
	            type,
	            offset: this.offset,
	            indent: this.indent,
	            source: this.source
	        };
	    }
	    startBlockValue(parent) {
	        switch (this.type) {
	            case 'alias':
	            case 'scalar':
	            case 'single-quoted-scalar':
	            case 'double-quoted-scalar':
	                return this.flowScalar(this.type);
	            case 'block-scalar-header':
	                return {
	                    type: 'block-scalar',
	                    offset: this.offset,
	                    indent: this.indent,
	                    props: [this.sourceToken],
	                    source: ''
	                };
	            case 'flow-map-start':
	            case 'flow-seq-start':
	                return {
	                    type: 'flow-collection',
	                    offset: this.offset,
	                    indent: this.indent,
	                    start: this.sourceToken,
	                    items: [],
	                    end: []
	                };
	            case 'seq-item-ind':
	                return {
	                    type: 'block-seq',
	                    offset: this.offset,
	                    indent: this.indent,
	                    items: [{ start: [this.sourceToken] }]
	                };
	            case 'explicit-key-ind': {
	                this.onKeyLine = true;
	                const prev = getPrevProps(parent);
	                const start = getFirstKeyStartProps(prev);
	                start.push(this.sourceToken);
	                return {
	                    type: 'block-map',
	                    offset: this.offset,
	                    indent: this.indent,
	                    items: [{ start, explicitKey: true }]
	                };
	            }
	            case 'map-value-ind': {
	                this.onKeyLine = true;
	                const prev = getPrevProps(parent);
	                const start = getFirstKeyStartProps(prev);
	                return {
	                    type: 'block-map',
	                    offset: this.offset,
	                    indent: this.indent,
	                    items: [{ start, key: null, sep: [this.sourceToken] }]
	                };
	            }
	        }
	        return null;
	    }
	    atIndentedComment(start, indent) {
	        if (this.type !== 'comment')
	            return false;
	        if (this.indent <= indent)
	            return false;
	        return start.every(st => st.type === 'newline' || st.type === 'space');
	    }
	    *documentEnd(docEnd) {
	        if (this.type !== 'doc-mode') {
	            if (docEnd.end)
	                docEnd.end.push(this.sourceToken);
	            else
	                docEnd.end = [this.sourceToken];
	            if (this.type === 'newline')
	                yield* this.pop();
	        }
	    }
	    *lineEnd(token) {
	        switch (this.type) {
	            case 'comma':
	            case 'doc-start':
	            case 'doc-end':
	            case 'flow-seq-end':
	            case 'flow-map-end':
	            case 'map-value-ind':
	                yield* this.pop();
	                yield* this.step();
	                break;
	            case 'newline':
	                this.onKeyLine = false;
	            // fallthrough
	            case 'space':
	            case 'comment':
	            default:
	                // all other values are errors
	                if (token.end)
	                    token.end.push(this.sourceToken);
	                else
	                    token.end = [this.sourceToken];
	                if (this.type === 'newline')
	                    yield* this.pop();
	        }
	    }
	}

	parser.Parser = Parser;
	return parser;
}

var publicApi = {};

var hasRequiredPublicApi;

function requirePublicApi () {
	if (hasRequiredPublicApi) return publicApi;
	hasRequiredPublicApi = 1;

	var composer = requireComposer();
	var Document = requireDocument();
	var errors = requireErrors();
	var log = requireLog();
	var identity = requireIdentity();
	var lineCounter = requireLineCounter();
	var parser = requireParser();

	function parseOptions(options) {
	    const prettyErrors = options.prettyErrors !== false;
	    const lineCounter$1 = options.lineCounter || (prettyErrors && new lineCounter.LineCounter()) || null;
	    return { lineCounter: lineCounter$1, prettyErrors };
	}
	/**
	 * Parse the input as a stream of YAML documents.
	 *
	 * Documents should be separated from each other by `...` or `---` marker lines.
	 *
	 * @returns If an empty `docs` array is returned, it will be of type
	 *   EmptyStream and contain additional stream information. In
	 *   TypeScript, you should use `'empty' in docs` as a type guard for it.
	 */
	function parseAllDocuments(source, options = {}) {
	    const { lineCounter, prettyErrors } = parseOptions(options);
	    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
	    const composer$1 = new composer.Composer(options);
	    const docs = Array.from(composer$1.compose(parser$1.parse(source)));
	    if (prettyErrors && lineCounter)
	        for (const doc of docs) {
	            doc.errors.forEach(errors.prettifyError(source, lineCounter));
	            doc.warnings.forEach(errors.prettifyError(source, lineCounter));
	        }
	    if (docs.length > 0)
	        return docs;
	    return Object.assign([], { empty: true }, composer$1.streamInfo());
	}
	/** Parse an input string into a single YAML.Document */
	function parseDocument(source, options = {}) {
	    const { lineCounter, prettyErrors } = parseOptions(options);
	    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
	    const composer$1 = new composer.Composer(options);
	    // `doc` is always set by compose.end(true) at the very latest
	    let doc = null;
	    for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
	        if (!doc)
	            doc = _doc;
	        else if (doc.options.logLevel !== 'silent') {
	            doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
	            break;
	        }
	    }
	    if (prettyErrors && lineCounter) {
	        doc.errors.forEach(errors.prettifyError(source, lineCounter));
	        doc.warnings.forEach(errors.prettifyError(source, lineCounter));
	    }
	    return doc;
	}
	function parse(src, reviver, options) {
	    let _reviver = undefined;
	    if (typeof reviver === 'function') {
	        _reviver = reviver;
	    }
	    else if (options === undefined && reviver && typeof reviver === 'object') {
	        options = reviver;
	    }
	    const doc = parseDocument(src, options);
	    if (!doc)
	        return null;
	    doc.warnings.forEach(warning => log.warn(doc.options.logLevel, warning));
	    if (doc.errors.length > 0) {
	        if (doc.options.logLevel !== 'silent')
	            throw doc.errors[0];
	        else
	            doc.errors = [];
	    }
	    return doc.toJS(Object.assign({ reviver: _reviver }, options));
	}
	function stringify(value, replacer, options) {
	    let _replacer = null;
	    if (typeof replacer === 'function' || Array.isArray(replacer)) {
	        _replacer = replacer;
	    }
	    else if (options === undefined && replacer) {
	        options = replacer;
	    }
	    if (typeof options === 'string')
	        options = options.length;
	    if (typeof options === 'number') {
	        const indent = Math.round(options);
	        options = indent < 1 ? undefined : indent > 8 ? { indent: 8 } : { indent };
	    }
	    if (value === undefined) {
	        const { keepUndefined } = options ?? replacer ?? {};
	        if (!keepUndefined)
	            return undefined;
	    }
	    if (identity.isDocument(value) && !_replacer)
	        return value.toString(options);
	    return new Document.Document(value, _replacer, options).toString(options);
	}

	publicApi.parse = parse;
	publicApi.parseAllDocuments = parseAllDocuments;
	publicApi.parseDocument = parseDocument;
	publicApi.stringify = stringify;
	return publicApi;
}

var hasRequiredDist$1;

function requireDist$1 () {
	if (hasRequiredDist$1) return dist$1;
	hasRequiredDist$1 = 1;

	var composer = requireComposer();
	var Document = requireDocument();
	var Schema = requireSchema();
	var errors = requireErrors();
	var Alias = requireAlias();
	var identity = requireIdentity();
	var Pair = requirePair();
	var Scalar = requireScalar();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var cst = requireCst();
	var lexer = requireLexer();
	var lineCounter = requireLineCounter();
	var parser = requireParser();
	var publicApi = requirePublicApi();
	var visit = requireVisit();



	dist$1.Composer = composer.Composer;
	dist$1.Document = Document.Document;
	dist$1.Schema = Schema.Schema;
	dist$1.YAMLError = errors.YAMLError;
	dist$1.YAMLParseError = errors.YAMLParseError;
	dist$1.YAMLWarning = errors.YAMLWarning;
	dist$1.Alias = Alias.Alias;
	dist$1.isAlias = identity.isAlias;
	dist$1.isCollection = identity.isCollection;
	dist$1.isDocument = identity.isDocument;
	dist$1.isMap = identity.isMap;
	dist$1.isNode = identity.isNode;
	dist$1.isPair = identity.isPair;
	dist$1.isScalar = identity.isScalar;
	dist$1.isSeq = identity.isSeq;
	dist$1.Pair = Pair.Pair;
	dist$1.Scalar = Scalar.Scalar;
	dist$1.YAMLMap = YAMLMap.YAMLMap;
	dist$1.YAMLSeq = YAMLSeq.YAMLSeq;
	dist$1.CST = cst;
	dist$1.Lexer = lexer.Lexer;
	dist$1.LineCounter = lineCounter.LineCounter;
	dist$1.Parser = parser.Parser;
	dist$1.parse = publicApi.parse;
	dist$1.parseAllDocuments = publicApi.parseAllDocuments;
	dist$1.parseDocument = publicApi.parseDocument;
	dist$1.stringify = publicApi.stringify;
	dist$1.visit = visit.visit;
	dist$1.visitAsync = visit.visitAsync;
	return dist$1;
}

var distExports$1 = requireDist$1();

// @ts-nocheck
// Generated by __tests__/generated.test.ts (npm run generate) from THRESHOLDS_SCHEMA in
// thresholds.ts with ajv's standalone code: do not edit.
const validate$1 = validate0;
const pattern0 = new RegExp("^\\s*(>=|>|<=|<)?\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*$", "u");
function validate0(data, { instancePath = "", parentData, parentDataProperty, rootData = data } = {}) { let vErrors = null; let errors = 0; if (errors === 0) {
    if (data && typeof data == "object" && !Array.isArray(data)) {
        for (const key0 in data) {
            let data0 = data[key0];
            const _errs2 = errors;
            const _errs3 = errors;
            let valid1 = false;
            const _errs4 = errors;
            if (!((typeof data0 == "number") && (isFinite(data0)))) {
                const err0 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/additionalProperties/anyOf/0/type", keyword: "type", params: { type: "number" }, message: "must be number" };
                if (vErrors === null) {
                    vErrors = [err0];
                }
                else {
                    vErrors.push(err0);
                }
                errors++;
            }
            var _valid0 = _errs4 === errors;
            valid1 = valid1 || _valid0;
            if (!valid1) {
                const _errs6 = errors;
                if (errors === _errs6) {
                    if (typeof data0 === "string") {
                        if (!pattern0.test(data0)) {
                            const err1 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/additionalProperties/anyOf/1/pattern", keyword: "pattern", params: { pattern: "^\\s*(>=|>|<=|<)?\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*$" }, message: "must match pattern \"" + "^\\s*(>=|>|<=|<)?\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*$" + "\"" };
                            if (vErrors === null) {
                                vErrors = [err1];
                            }
                            else {
                                vErrors.push(err1);
                            }
                            errors++;
                        }
                    }
                    else {
                        const err2 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/additionalProperties/anyOf/1/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                        if (vErrors === null) {
                            vErrors = [err2];
                        }
                        else {
                            vErrors.push(err2);
                        }
                        errors++;
                    }
                }
                var _valid0 = _errs6 === errors;
                valid1 = valid1 || _valid0;
                if (!valid1) {
                    const _errs8 = errors;
                    if (errors === _errs8) {
                        if (data0 && typeof data0 == "object" && !Array.isArray(data0)) {
                            if (Object.keys(data0).length < 1) {
                                const err3 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/additionalProperties/anyOf/2/minProperties", keyword: "minProperties", params: { limit: 1 }, message: "must NOT have fewer than 1 properties" };
                                if (vErrors === null) {
                                    vErrors = [err3];
                                }
                                else {
                                    vErrors.push(err3);
                                }
                                errors++;
                            }
                            else {
                                const _errs10 = errors;
                                for (const key1 in data0) {
                                    if (!(((key1 === "max_drop") || (key1 === "min_gain")) || (key1 === "significance"))) {
                                        const err4 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/additionalProperties/anyOf/2/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key1 }, message: "must NOT have additional properties" };
                                        if (vErrors === null) {
                                            vErrors = [err4];
                                        }
                                        else {
                                            vErrors.push(err4);
                                        }
                                        errors++;
                                        break;
                                    }
                                }
                                if (_errs10 === errors) {
                                    if (data0.max_drop !== undefined) {
                                        let data1 = data0.max_drop;
                                        const _errs11 = errors;
                                        if (errors === _errs11) {
                                            if ((typeof data1 == "number") && (isFinite(data1))) {
                                                if (data1 < 0 || isNaN(data1)) {
                                                    const err5 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1") + "/max_drop", schemaPath: "#/additionalProperties/anyOf/2/properties/max_drop/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                                                    if (vErrors === null) {
                                                        vErrors = [err5];
                                                    }
                                                    else {
                                                        vErrors.push(err5);
                                                    }
                                                    errors++;
                                                }
                                            }
                                            else {
                                                const err6 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1") + "/max_drop", schemaPath: "#/additionalProperties/anyOf/2/properties/max_drop/type", keyword: "type", params: { type: "number" }, message: "must be number" };
                                                if (vErrors === null) {
                                                    vErrors = [err6];
                                                }
                                                else {
                                                    vErrors.push(err6);
                                                }
                                                errors++;
                                            }
                                        }
                                        var valid2 = _errs11 === errors;
                                    }
                                    else {
                                        var valid2 = true;
                                    }
                                    if (valid2) {
                                        if (data0.min_gain !== undefined) {
                                            let data2 = data0.min_gain;
                                            const _errs13 = errors;
                                            if (!((typeof data2 == "number") && (isFinite(data2)))) {
                                                const err7 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1") + "/min_gain", schemaPath: "#/additionalProperties/anyOf/2/properties/min_gain/type", keyword: "type", params: { type: "number" }, message: "must be number" };
                                                if (vErrors === null) {
                                                    vErrors = [err7];
                                                }
                                                else {
                                                    vErrors.push(err7);
                                                }
                                                errors++;
                                            }
                                            var valid2 = _errs13 === errors;
                                        }
                                        else {
                                            var valid2 = true;
                                        }
                                        if (valid2) {
                                            if (data0.significance !== undefined) {
                                                let data3 = data0.significance;
                                                const _errs15 = errors;
                                                if (errors === _errs15) {
                                                    if ((typeof data3 == "number") && (isFinite(data3))) {
                                                        if (data3 >= 1 || isNaN(data3)) {
                                                            const err8 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1") + "/significance", schemaPath: "#/additionalProperties/anyOf/2/properties/significance/exclusiveMaximum", keyword: "exclusiveMaximum", params: { comparison: "<", limit: 1 }, message: "must be < 1" };
                                                            if (vErrors === null) {
                                                                vErrors = [err8];
                                                            }
                                                            else {
                                                                vErrors.push(err8);
                                                            }
                                                            errors++;
                                                        }
                                                        else {
                                                            if (data3 <= 0 || isNaN(data3)) {
                                                                const err9 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1") + "/significance", schemaPath: "#/additionalProperties/anyOf/2/properties/significance/exclusiveMinimum", keyword: "exclusiveMinimum", params: { comparison: ">", limit: 0 }, message: "must be > 0" };
                                                                if (vErrors === null) {
                                                                    vErrors = [err9];
                                                                }
                                                                else {
                                                                    vErrors.push(err9);
                                                                }
                                                                errors++;
                                                            }
                                                        }
                                                    }
                                                    else {
                                                        const err10 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1") + "/significance", schemaPath: "#/additionalProperties/anyOf/2/properties/significance/type", keyword: "type", params: { type: "number" }, message: "must be number" };
                                                        if (vErrors === null) {
                                                            vErrors = [err10];
                                                        }
                                                        else {
                                                            vErrors.push(err10);
                                                        }
                                                        errors++;
                                                    }
                                                }
                                                var valid2 = _errs15 === errors;
                                            }
                                            else {
                                                var valid2 = true;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        else {
                            const err11 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/additionalProperties/anyOf/2/type", keyword: "type", params: { type: "object" }, message: "must be object" };
                            if (vErrors === null) {
                                vErrors = [err11];
                            }
                            else {
                                vErrors.push(err11);
                            }
                            errors++;
                        }
                    }
                    var _valid0 = _errs8 === errors;
                    valid1 = valid1 || _valid0;
                }
            }
            if (!valid1) {
                const err12 = { instancePath: instancePath + "/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/additionalProperties/anyOf", keyword: "anyOf", params: {}, message: "must match a schema in anyOf" };
                if (vErrors === null) {
                    vErrors = [err12];
                }
                else {
                    vErrors.push(err12);
                }
                errors++;
                validate0.errors = vErrors;
                return false;
            }
            else {
                errors = _errs3;
                if (vErrors !== null) {
                    if (_errs3) {
                        vErrors.length = _errs3;
                    }
                    else {
                        vErrors = null;
                    }
                }
            }
            var valid0 = _errs2 === errors;
            if (!valid0) {
                break;
            }
        }
    }
    else {
        validate0.errors = [{ instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" }];
        return false;
    }
} validate0.errors = vErrors; return errors === 0; }

/** Metrics a threshold can name without an argument. */
const SCALAR_METRICS = [
    'accuracy', 'loss', 'macro_f1', 'weighted_f1', 'micro_f1',
    'macro_precision', 'macro_recall', 'weighted_precision', 'weighted_recall',
    'micro_precision', 'micro_recall', 'min_class_f1',
    'ece', 'brier', 'roc_auc', 'average_precision',
    'r2', 'mse', 'rmse', 'mae'
];
/** Metrics that take an argument in brackets: a class (name or index), or k. */
const INDEXED_METRICS = ['f1', 'precision', 'recall', 'top_k_accuracy'];
/** Lower is better for these: a bare number means `<=`, and a "drop" is an increase. */
const LOWER_IS_BETTER = new Set(['loss', 'ece', 'brier', 'mse', 'rmse', 'mae']);
const NUMBER = String.raw `[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
// The operator may be left out of a quoted number ("0.9" is 0.9, as YAML's unquoted 0.9 would be).
const CONDITION = new RegExp(String.raw `^\s*(>=|>|<=|<)?\s*(${NUMBER})\s*$`);
const INDEXED = /^([a-z_][a-z0-9_]*)\[(.+)\]$/;
({
    additionalProperties: {
        anyOf: [
            { type: 'number' },
            { type: 'string', pattern: CONDITION.source },
            {
                type: 'object',
                properties: {
                    max_drop: { type: 'number', minimum: 0 },
                    min_gain: { type: 'number' },
                    significance: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }
                },
                additionalProperties: false,
                minProperties: 1
            }
        ]
    }
});
// ajv's standalone code, made from this schema by __tests__/generated.test.ts (which fails
// when it is stale): compiling the schema at run time cost ~15 ms of every start-up, and loading ajv more.
// The schema is checked against JSON Schema's meta-schema by gate.test.ts.
const validate = validate$1;
const ALLOWED_TEXT = `allowed metrics: ${SCALAR_METRICS.join(', ')}, ${INDEXED_METRICS.map((m) => `${m}[${m === 'top_k_accuracy' ? 'k' : 'class'}]`).join(', ')}, ` +
    `and <metric>_vs_baseline: { max_drop, min_gain, significance }`;
/** Parses thresholds written as YAML or JSON (JSON is YAML). Throws ThresholdError naming the culprit. */
function parseThresholds(text) {
    let doc;
    try {
        doc = distExports$1.parse(text);
    }
    catch (e) {
        const first = (e.message.split('\n')[0] ?? '').trim();
        throw new ThresholdError(`input 'thresholds' is not valid YAML or JSON (${first}); quote conditions, e.g. accuracy: ">= 0.90"`, 'thresholds');
    }
    if (doc === null || doc === undefined)
        return [];
    if (typeof doc !== 'object' || Array.isArray(doc)) {
        throw new ThresholdError(`input 'thresholds' must be a mapping from metric to condition, e.g. accuracy: ">= 0.90"`, 'thresholds');
    }
    const entries = Object.entries(doc);
    for (const [metric] of entries)
        checkName(metric);
    if (!validate(doc)) {
        const err = validate.errors?.[0];
        const key = decodeURIComponent((err?.instancePath ?? '').split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
        const raw = doc[key];
        throw new ThresholdError(`input 'thresholds': '${key}' has the malformed condition ${shownCondition(raw)}; ` +
            `write a number, or a string "<op> <number>" with op one of >=, >, <=, < (e.g. ">= 0.90"), ` +
            `or for <metric>_vs_baseline an object { max_drop: >= 0, min_gain, significance: in (0,1) }`, 'thresholds');
    }
    const thresholds = entries.map(([metric, condition]) => toThreshold(metric, condition));
    for (const t of thresholds)
        checkRange(t);
    return thresholds;
}
/** Metrics that live in [0, 1]; r2 is at most 1; errors and loss are at least 0. */
function metricRange(family) {
    if (family === 'r2')
        return [-Infinity, 1];
    if (LOWER_IS_BETTER.has(family) && family !== 'ece' && family !== 'brier')
        return [0, Infinity];
    return family === 'brier' ? [0, 2] : [0, 1];
}
/**
 * A threshold no value of the metric can meet or miss is a typo, known before any inference:
 * `accuracy: 90` is almost surely a percentage, so it is refused with that hint.
 */
function checkRange(t) {
    const family = metricFamily(t.metric);
    const [low, high] = metricRange(family);
    const name = t.kind === 'baseline' ? `${t.metric}_vs_baseline` : t.metric;
    const percent = (v) => (v > 1 && v <= 100 && high === 1 ? `; ${v} looks like a percentage: write ${v / 100} for ${v}%` : '');
    if (t.kind === 'bound') {
        if (t.value < low || t.value > high) {
            const range = high === Infinity ? `at least ${low}` : low === -Infinity ? `at most ${high}` : `between ${low} and ${high}`;
            throw new ThresholdError(`input 'thresholds': '${name}' is compared with ${t.value}, but ${family} is ${range}${percent(t.value)}`, 'thresholds');
        }
        return;
    }
    if (high !== 1)
        return;
    for (const [key, v] of [['max_drop', t.maxDrop], ['min_gain', t.minGain]]) {
        if (v !== undefined && Math.abs(v) > 1) {
            throw new ThresholdError(`input 'thresholds': '${name}' has ${key}: ${v}, but ${family} changes by at most 1${percent(Math.abs(v))}`, 'thresholds');
        }
    }
}
/**
 * Checks what the thresholds name against the classes, before any inference: a class name that is
 * not a class (or any name when the classes have none), an index or k beyond the class count.
 * `classes` are the names when known; `count` the number of classes when the model says.
 */
function checkThresholdClasses(thresholds, classes, count) {
    const k = classes?.length ?? count;
    for (const t of thresholds) {
        const name = t.kind === 'baseline' ? `${t.metric}_vs_baseline` : t.metric;
        const m = INDEXED.exec(t.metric);
        if (!m)
            continue;
        const [, family, arg] = m;
        if (family === 'top_k_accuracy') {
            if (k !== undefined && Number(arg) > k) {
                throw new ThresholdError(`input 'thresholds': '${name}' asks for the top ${arg} of ${k} classes; use k from 1 to ${k}`, 'thresholds');
            }
            continue;
        }
        if (classes?.includes(arg))
            continue;
        const isIndex = /^\d+$/.test(arg);
        if (isIndex && (k === undefined || Number(arg) < k))
            continue;
        const listed = classes ? `the classes are ${listClasses(classes)}` : k !== undefined ? `the model has ${k} classes, numbered 0 to ${k - 1}, and no class-names` : 'no class-names are given';
        const fix = isIndex ? `use an index from 0 to ${(k ?? 1) - 1}` : classes ? 'use one of those names (or an index)' : 'set class-names (the names in the model\'s output order) or use a class index';
        throw new ThresholdError(`input 'thresholds': '${name}' names class '${arg}', but ${listed}; ${fix}`, 'thresholds');
    }
}
function listClasses(classes) {
    const shown = classes.slice(0, 20).join(', ');
    return classes.length > 20 ? `${shown}, … (${classes.length} in all)` : shown;
}
/** A condition as the user wrote it; YAML's .nan and .inf have no JSON spelling (JSON.stringify says null). */
function shownCondition(raw) {
    const yaml = (v) => (Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf');
    if (typeof raw === 'number' && !Number.isFinite(raw))
        return `${yaml(raw)} (not a finite number)`;
    if (raw !== null && typeof raw === 'object') {
        const bad = Object.entries(raw).find(([, v]) => typeof v === 'number' && !Number.isFinite(v));
        if (bad)
            return `{ ${bad[0]}: ${yaml(bad[1])} } (not a finite number)`;
    }
    return JSON.stringify(raw) ?? String(raw);
}
function toThreshold(metric, condition) {
    const base = baselineBase(metric);
    if (base !== undefined) {
        if (typeof condition !== 'object' || condition === null) {
            throw new ThresholdError(`input 'thresholds': '${metric}' compares with the baseline and needs an object such as { max_drop: 0.005 }`, 'thresholds');
        }
        const c = condition;
        if (c.max_drop === undefined && c.min_gain === undefined) {
            throw new ThresholdError(`input 'thresholds': '${metric}' needs max_drop or min_gain (significance alone compares nothing)`, 'thresholds');
        }
        return { kind: 'baseline', metric: base, maxDrop: c.max_drop, minGain: c.min_gain, significance: c.significance };
    }
    if (typeof condition === 'number') {
        return { kind: 'bound', metric, op: LOWER_IS_BETTER.has(metricFamily(metric)) ? '<=' : '>=', value: condition };
    }
    if (typeof condition === 'string') {
        const m = CONDITION.exec(condition);
        const op = m[1] ?? (LOWER_IS_BETTER.has(metricFamily(metric)) ? '<=' : '>=');
        return { kind: 'bound', metric, op, value: Number(m[2]) };
    }
    throw new ThresholdError(`input 'thresholds': '${metric}' takes a number or a condition such as ">= 0.90", not an object (objects are for <metric>_vs_baseline)`, 'thresholds');
}
/** `accuracy_vs_baseline` → `accuracy`; undefined when the key is not a baseline comparison. */
function baselineBase(metric) {
    return metric.endsWith('_vs_baseline') ? metric.slice(0, -'_vs_baseline'.length) : undefined;
}
/** `f1[cat]` → `f1`; `accuracy` → `accuracy`. */
function metricFamily(metric) {
    return INDEXED.exec(metric)?.[1] ?? metric;
}
function checkName(metric) {
    const name = baselineBase(metric) ?? metric;
    if (SCALAR_METRICS.includes(name))
        return;
    const m = INDEXED.exec(name);
    if (m && INDEXED_METRICS.includes(m[1])) {
        if (m[1] === 'top_k_accuracy' && !/^[1-9]\d*$/.test(m[2])) {
            throw new ThresholdError(`input 'thresholds': '${metric}' needs a whole k of at least 1, e.g. top_k_accuracy[5]`, 'thresholds');
        }
        return;
    }
    throw new ThresholdError(`input 'thresholds' names the unknown metric '${metric}'; ${ALLOWED_TEXT}`, 'thresholds');
}

/**
 * A failed check says why in one line: the value and the condition, and for a `_vs_baseline`
 * check the baseline's value, the change, the drop or gain allowed and what the significance test
 * found. The same line goes into the ::error:: line, the log, the gate table and the
 * model_gate.failed_checks tag, so no reader has to recompute anything.
 */
/** `better` or `worse` for a change of `delta` in `metric` (a loss going up is worse). */
function direction(metric, delta) {
    if (delta === 0)
        return 'same';
    const lower = LOWER_IS_BETTER.has(metricFamily(metric.replace(/_vs_baseline$/, '')));
    return (delta > 0) !== lower ? 'better' : 'worse';
}
function significanceText(c) {
    const s = c.significance;
    if (!s)
        return undefined;
    const test = s.test === 'mcnemar'
        ? `McNemar p = ${formatP$1(s.p_value)}`
        : `paired bootstrap ${Math.round((1 - s.alpha) * 1000) / 10}% interval of the difference [${signed4(s.interval[0])}, ${signed4(s.interval[1])}]`;
    return `${s.significant ? 'significant' : 'not significant'} at ${s.alpha}: ${test}`;
}
/** The condition and, for baseline checks, the comparison in words; without the metric's name. */
function explainCondition(c) {
    if (c.op !== 'max_drop' && c.op !== 'min_gain')
        return `${round4(c.value)}, needs ${c.op} ${c.threshold}`;
    if (c.baseline === null || c.baseline === undefined)
        return `${round4(c.value)}; no baseline model yet, so a first run passes`;
    const delta = c.value - c.baseline;
    const dir = direction(c.metric, delta);
    const allowed = c.op === 'max_drop' ? `allowed drop ${c.threshold}` : `required gain ${c.threshold}`;
    const parts = [`${round4(c.value)} vs baseline ${round4(c.baseline)}: change ${signed4(delta)}${dir === 'same' ? '' : ` (${dir})`}, ${allowed}`];
    const sig = significanceText(c);
    if (sig)
        parts.push(sig);
    return parts.join('; ');
}
/** `accuracy_vs_baseline = 0.9444 vs baseline 0.9556: change −0.0111 (worse), allowed drop 0.005`. */
function explainCheck(c) {
    return `${c.metric} = ${explainCondition(c)}`;
}

/**
 * What the workflow run is, read from the runner's environment and event payload (GITHUB_*),
 * without @actions/*: the pipeline decides promotion and comments from it.
 */
function readRunContext(env = process.env) {
    let payload = {};
    if (env.GITHUB_EVENT_PATH) {
        try {
            payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
        }
        catch {
            // An unreadable payload leaves only the environment: nothing is promoted or commented from it.
            payload = {};
        }
    }
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const repository = payload.repository;
    const pr = payload.pull_request;
    const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const runId = env.GITHUB_RUN_ID ?? '';
    return {
        eventName: env.GITHUB_EVENT_NAME ?? '',
        ref: env.GITHUB_REF ?? '',
        sha: env.GITHUB_SHA ?? '',
        owner,
        repo,
        defaultBranch: repository?.default_branch,
        pullRequest: pr && typeof pr.number === 'number'
            ? { number: pr.number, fromFork: (pr.head?.repo?.full_name ?? '') !== (pr.base?.repo?.full_name ?? `${owner}/${repo}`) }
            : undefined,
        serverUrl,
        apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
        runId,
        runUrl: owner && runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : undefined,
        payload
    };
}
/** True on a push to the repository's default branch (a merge to main). */
function isPushToDefaultBranch(ctx) {
    return ctx.eventName === 'push' && ctx.defaultBranch !== undefined && ctx.ref === `refs/heads/${ctx.defaultBranch}`;
}
/** Pull-request events: evaluate and comment, never promote. */
function isPullRequestEvent(ctx) {
    return ctx.eventName === 'pull_request' || ctx.eventName === 'pull_request_target';
}

/** Registry references: models:/ URIs, stage names and promotion targets. */
const STAGES = ['None', 'Staging', 'Production', 'Archived'];
/** MLflow matches stage names case-insensitively; undefined when it is not a stage. */
function canonicalStage(s) {
    return STAGES.find((st) => st.toLowerCase() === s.trim().toLowerCase());
}
function formatRef(ref) {
    if (ref.kind === 'alias')
        return `models:/${ref.name}@${ref.alias}`;
    return `models:/${ref.name}/${ref.kind === 'version' ? ref.version : ref.stage}`;
}
function formatTarget(t) {
    return t.kind === 'alias' ? `@${t.alias}` : t.stage;
}
const ALIAS = /^[A-Za-z0-9_-]+$/;
/** `models:/<name>/<version>`, `models:/<name>/<stage>`, `models:/<name>@<alias>`. */
function parseModelUri(uri, input) {
    const rest = uri.slice('models:/'.length);
    const fail = (why) => {
        throw new InputError(`input '${input}' is '${uri}', ${why}; write models:/<name>/<version>, models:/<name>/<stage> (${STAGES.join(', ')}) or models:/<name>@<alias>`, input);
    };
    if (!uri.startsWith('models:/') || rest === '')
        fail('not a registry model URI');
    const at = rest.lastIndexOf('@');
    const slash = rest.lastIndexOf('/');
    if (at > 0 && at > slash) {
        const alias = rest.slice(at + 1);
        if (!ALIAS.test(alias))
            fail(`whose alias '${alias}' has characters MLflow does not allow`);
        return { name: rest.slice(0, at), kind: 'alias', alias };
    }
    if (slash <= 0 || slash === rest.length - 1)
        fail('missing the version, stage or alias');
    const name = rest.slice(0, slash);
    const last = rest.slice(slash + 1);
    if (/^\d+$/.test(last))
        return { name, kind: 'version', version: String(Number(last)) };
    const stage = canonicalStage(last);
    if (!stage)
        fail(`whose '${last}' is neither a version number nor a stage`);
    return { name, kind: 'stage', stage: stage };
}
function parseTarget(promoteTo) {
    const v = promoteTo.trim();
    if (v.startsWith('@')) {
        const alias = v.slice(1);
        if (!ALIAS.test(alias))
            throw new InputError(`input 'promote-to' is '${promoteTo}': an alias has letters, digits, _ and - only, e.g. @champion`, 'promote-to');
        return { kind: 'alias', alias };
    }
    const stage = canonicalStage(v);
    if (!stage || stage === 'None' || stage === 'Archived') {
        throw new InputError(`input 'promote-to' is '${promoteTo}': use Staging, Production, or an alias written @name (e.g. @champion)`, 'promote-to');
    }
    return { kind: 'stage', stage };
}

/**
 * Typed, validated, read-only configuration, shared by the Action (main.ts) and the CLI.
 * Nothing here talks to @actions/core: inputs arrive through an InputReader.
 */
/** Every input, in action.yml's order (the CLI takes each as a --flag). */
const INPUT_NAMES = [
    'model', 'test-data', 'labels', 'input-key', 'label-key', 'label-column', 'feature-columns', 'class-names',
    'input-name', 'output-name', 'output-kind', 'image-size', 'crop', 'mean', 'std', 'layout', 'channels',
    'batch-size', 'device', 'thresholds', 'fail-on-gate', 'output-dir', 'tracking-uri', 'promote', 'promote-to',
    'archive-existing', 'baseline', 'dry-run', 'comment', 'github-token', 'upload-artifact', 'artifact-name',
    'log-run', 'experiment', 'skip-bad-files', 'task', 'register', 'cuda-provider', 'shard', 'merge',
    'inputs', 'tokenizer', 'text-column', 'max-length'
];
const INPUT_DEFAULTS = {
    'input-key': 'x',
    'label-key': 'y',
    'label-column': 'label',
    'output-kind': 'auto',
    layout: 'NCHW',
    'batch-size': '64',
    device: 'auto',
    'fail-on-gate': 'true',
    'output-dir': 'model-gate-report',
    promote: 'auto',
    'promote-to': 'Production',
    'archive-existing': 'true',
    'dry-run': 'false',
    comment: 'auto',
    'upload-artifact': 'true',
    'artifact-name': 'model-gate-report',
    'log-run': 'false',
    experiment: 'model-gate',
    'skip-bad-files': 'false',
    task: 'auto',
    'cuda-provider': 'auto',
    'text-column': 'text'
};
const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
function readConfig(read, env = process.env) {
    const get = (name) => {
        const value = read(name).trim();
        return value === '' ? (INPUT_DEFAULTS[name] ?? '') : value;
    };
    const optional = (name) => get(name) || undefined;
    const model = get('model');
    if (!model)
        throw new InputError("input 'model' is required: give a path to a .onnx file or a registry URI such as models:/my-model/Staging", 'model');
    const merge = optional('merge');
    const shard = readShard$1(optional('shard'));
    if (merge !== undefined && shard !== undefined)
        throw new InputError("inputs 'shard' and 'merge' are both set: a shard job sets shard (i/n), the one job that needs them sets merge", 'merge');
    const testData = get('test-data');
    if (!testData && merge === undefined)
        throw new InputError("input 'test-data' is required: give a .npz, .npy, .csv, .jsonl file or an image folder", 'test-data');
    return Object.freeze({
        model,
        testData,
        labels: optional('labels'),
        inputKey: get('input-key'),
        labelKey: get('label-key'),
        labelColumn: get('label-column'),
        featureColumns: optional('feature-columns') ? splitList(get('feature-columns')) : undefined,
        classNames: readClassNames(optional('class-names')),
        inputName: optional('input-name'),
        outputName: optional('output-name'),
        outputKind: oneOf('output-kind', get('output-kind'), ['auto', 'logits', 'probabilities']),
        imageSize: optional('image-size') ? positiveInt('image-size', get('image-size')) : undefined,
        crop: optional('crop') ? positiveInt('crop', get('crop')) : undefined,
        mean: readNormalisation('mean', optional('mean'), IMAGENET_MEAN),
        std: readNormalisation('std', optional('std'), IMAGENET_STD),
        layout: oneOf('layout', get('layout').toUpperCase(), ['NCHW', 'NHWC']),
        channels: optional('channels') ? oneOf('channels', get('channels').toLowerCase(), ['rgb', 'grayscale']) : undefined,
        batchSize: positiveInt('batch-size', get('batch-size')),
        device: parseDevice(get('device')),
        cudaProvider: parseCudaProvider(get('cuda-provider')),
        thresholds: readThresholds(optional('thresholds')),
        failOnGate: bool('fail-on-gate', get('fail-on-gate')),
        outputDir: path.resolve(get('output-dir')),
        trackingUri: optional('tracking-uri') ?? (env.MLFLOW_TRACKING_URI?.trim() || undefined),
        promote: oneOf('promote', get('promote').toLowerCase(), ['auto', 'true', 'false']),
        promoteTo: get('promote-to'),
        archiveExisting: bool('archive-existing', get('archive-existing')),
        baseline: optional('baseline'),
        dryRun: bool('dry-run', get('dry-run')),
        comment: oneOf('comment', get('comment').toLowerCase(), ['auto', 'true', 'false']),
        githubToken: optional('github-token'),
        uploadArtifact: bool('upload-artifact', get('upload-artifact')),
        artifactName: get('artifact-name'),
        logRun: bool('log-run', get('log-run')),
        experiment: get('experiment'),
        skipBadFiles: bool('skip-bad-files', get('skip-bad-files')),
        task: get('task').toLowerCase(),
        register: shard !== undefined || merge !== undefined ? noRegister(optional('register'), shard !== undefined ? 'shard' : 'merge') : readRegister(optional('register'), model),
        shard,
        merge: merge === undefined ? undefined : path.resolve(merge),
        inputs: readInputMapping(optional('inputs')),
        tokenizer: optional('tokenizer'),
        textColumn: get('text-column'),
        maxLength: optional('max-length') ? positiveInt('max-length', get('max-length')) : undefined
    });
}
/** Every shard job would register its own version: register once, in a job the shards need. */
function noRegister(file, mode) {
    if (file === undefined)
        return undefined;
    throw new InputError(`inputs 'register' and '${mode}' are both set: register the model once in a job before the shard jobs, and give the shards and the merge its registry URI as model`, 'register');
}
/** `i/n` with 1 ≤ i ≤ n. */
function readShard$1(value) {
    if (value === undefined)
        return undefined;
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
    const index = m ? Number(m[1]) : NaN;
    const count = m ? Number(m[2]) : NaN;
    if (!m || index < 1 || count < 1 || index > count || count > 10_000) {
        throw new InputError(`input 'shard' is '${value}': use i/n, the i-th of n slices with 1 ≤ i ≤ n (e.g. \${{ matrix.shard }}/4)`, 'shard');
    }
    return { index, count };
}
/**
 * `inputs: input_ids=ids, attention_mask=mask` (commas or new lines): model input → array, key, or
 * (a CSV) a column group such as `dense=age bmi s1..s6` (src/data/column-groups.ts), kept in its plain form.
 */
function readInputMapping(value) {
    if (value === undefined)
        return undefined;
    const map = new Map();
    for (const item of value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean)) {
        const m = /^([^=\s"]+)\s*=\s*(\S.*)$/.exec(item);
        if (!m)
            throw new InputError(`input 'inputs' has '${item}': write model-input=array pairs, e.g. inputs: input_ids=ids, attention_mask=mask (or, for a CSV, model-input=columns: dense=age bmi bp)`, 'inputs');
        if (map.has(m[1]))
            throw new InputError(`input 'inputs' maps '${m[1]}' twice; give each model input one array`, 'inputs');
        map.set(m[1], groupText(parseColumnGroup(m[2])));
    }
    return map.size > 0 ? map : undefined;
}
/** `register` needs an .onnx file, and `model` to say where the new version goes (an alias or a stage). */
function readRegister(file, model) {
    if (file === undefined)
        return undefined;
    if (!/\.onnx$/i.test(file))
        throw new InputError(`input 'register' is '${file}': give the path of an .onnx file to register`, 'register');
    const ref = model.startsWith('models:/') ? parseModelUri(model, 'model') : undefined;
    if (!ref || ref.kind === 'version' || (ref.kind === 'stage' && (ref.stage === 'None' || ref.stage === 'Archived'))) {
        throw new InputError(`input 'register' needs model to name where the new version goes: models:/<name>@<alias> (e.g. models:/classifier@challenger) or models:/<name>/Staging, not '${model}'`, 'register');
    }
    return file;
}
function parseDevice(value) {
    const v = value.trim().toLowerCase();
    if (v === 'auto' || v === 'cpu')
        return { kind: v };
    const m = /^cuda(?::(\d+))?$/.exec(v);
    if (m)
        return { kind: 'cuda', deviceId: m[1] ? Number(m[1]) : 0 };
    throw new InputError(`input 'device' is '${value}': use auto, cpu, cuda or cuda:<id> (e.g. cuda:0)`, 'device');
}
/** auto | none | an http(s) URL | a path (a .nupkg, or a folder with the provider files). */
function parseCudaProvider(value) {
    const v = value.trim();
    if (v.toLowerCase() === 'auto' || v.toLowerCase() === 'none')
        return { kind: v.toLowerCase() };
    if (/^https?:\/\//i.test(v)) {
        try {
            return { kind: 'url', url: new URL(v).href };
        }
        catch {
            throw new InputError(`input 'cuda-provider' is '${value}', not a valid URL: use auto, none, the package's URL or a local path`, 'cuda-provider');
        }
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !/^file:/i.test(v)) {
        throw new InputError(`input 'cuda-provider' is '${value}': use auto, none, an http(s) URL of the .nupkg, or a local path`, 'cuda-provider');
    }
    return { kind: 'path', path: path.resolve(/^file:/i.test(v) ? new URL(v).pathname : v) };
}
function splitList(value) {
    return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
function oneOf(name, value, allowed) {
    if (allowed.includes(value))
        return value;
    throw new InputError(`input '${name}' is '${value}': use one of ${allowed.join(', ')}`, name);
}
function bool(name, value) {
    const v = value.toLowerCase();
    if (v === 'true')
        return true;
    if (v === 'false')
        return false;
    throw new InputError(`input '${name}' is '${value}': use true or false`, name);
}
function positiveInt(name, value) {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
        throw new InputError(`input '${name}' is '${value}': use a whole number of at least 1`, name);
    }
    return n;
}
function readNormalisation(name, value, imagenet) {
    if (value === undefined)
        return undefined;
    if (value.toLowerCase() === 'imagenet')
        return imagenet;
    const parts = splitList(value).map(Number);
    if (parts.length === 0 || parts.some((x) => !Number.isFinite(x)) || (name === 'std' && parts.some((x) => x <= 0))) {
        throw new InputError(`input '${name}' is '${value}': use 'imagenet' or a comma list of numbers, one per channel (e.g. 0.5,0.5,0.5)${name === 'std' ? ', each above 0' : ''}`, name);
    }
    return parts;
}
/** class-names: a comma list inline, or a file with one name a line or a JSON array. */
function readClassNames(value) {
    if (value === undefined)
        return undefined;
    let names;
    if (looksLikeFile(value)) {
        const text = readText('class-names', value);
        if (text.trim().startsWith('[')) {
            let parsed;
            try {
                parsed = JSON.parse(text);
            }
            catch (e) {
                throw new InputError(`input 'class-names': ${value} is not valid JSON (${e.message}); use a JSON array of strings or one name a line`, 'class-names');
            }
            if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== 'string' && typeof x !== 'number')) {
                throw new InputError(`input 'class-names': ${value} must hold a JSON array of names`, 'class-names');
            }
            names = parsed.map(String);
        }
        else {
            names = text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
        }
    }
    else {
        names = splitList(value);
    }
    if (names.length === 0)
        throw new InputError(`input 'class-names' names no class: give a comma list or a file`, 'class-names');
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined)
        throw new InputError(`input 'class-names' lists '${dup}' twice: each class needs its own name`, 'class-names');
    return names;
}
function readThresholds(value) {
    if (value === undefined)
        return [];
    // A single line without YAML punctuation that names an existing file is a file; anything else is inline.
    const source = looksLikeFile(value) ? readText('thresholds', value) : value;
    return parseThresholds(source);
}
function looksLikeFile(value) {
    if (value.includes('\n') || /[:{[]/.test(value.replace(/^[A-Za-z]:[\\/]/, '')))
        return false;
    return /\.(ya?ml|json|txt|names)$/i.test(value) || existsSync(value);
}
function readText(name, file) {
    const info = regularFileSync(file, { label: `input '${name}'`, input: name });
    if (info.size > MAX_TEXT_BYTES) {
        throw new InputError(`input '${name}': ${file} is ${formatBytes(info.size)}, more than one string can hold (${formatBytes(MAX_TEXT_BYTES)}); point it at the right file`, name);
    }
    try {
        // A byte-order mark is not part of the text: a JSON class-names file with one is still JSON.
        return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    }
    catch (e) {
        const code = e.code;
        throw new InputError(`input '${name}': cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code ?? e.message}); check the path, relative to the workspace`, name);
    }
}
/**
 * The inputs that decide what the model is fed and how its outputs are read, as metrics.json's
 * provenance records them; shards must agree on these and a few more (src/shard/run.ts).
 */
function preprocessingOf(config) {
    return {
        image_size: config.imageSize ?? null,
        crop: config.crop ?? null,
        mean: config.mean ?? null,
        std: config.std ?? null,
        layout: config.layout,
        channels: config.channels ?? null,
        input_key: config.inputKey,
        label_key: config.labelKey,
        label_column: config.labelColumn,
        feature_columns: config.featureColumns ?? null,
        class_names: config.classNames ?? null,
        output_kind: config.outputKind,
        inputs: config.inputs ? Object.fromEntries(config.inputs) : null,
        tokenizer: config.tokenizer ?? null,
        text_column: config.tokenizer ? config.textColumn : null,
        max_length: config.maxLength ?? null
    };
}

var dist = {};

var cjs = {};

var backend$1 = {};

var backendImpl = {};

var hasRequiredBackendImpl;

function requireBackendImpl () {
	if (hasRequiredBackendImpl) return backendImpl;
	hasRequiredBackendImpl = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(backendImpl, "__esModule", { value: true });
	backendImpl.resolveBackendAndExecutionProviders = backendImpl.registerBackend = void 0;
	const backends = new Map();
	const backendsSortedByPriority = [];
	/**
	 * Register a backend.
	 *
	 * @param name - the name as a key to lookup as an execution provider.
	 * @param backend - the backend object.
	 * @param priority - an integer indicating the priority of the backend. Higher number means higher priority. if priority
	 * < 0, it will be considered as a 'beta' version and will not be used as a fallback backend by default.
	 *
	 * @ignore
	 */
	const registerBackend = (name, backend, priority) => {
	    if (backend && typeof backend.init === 'function' && typeof backend.createInferenceSessionHandler === 'function') {
	        const currentBackend = backends.get(name);
	        if (currentBackend === undefined) {
	            backends.set(name, { backend, priority });
	        }
	        else if (currentBackend.priority > priority) {
	            // same name is already registered with a higher priority. skip registeration.
	            return;
	        }
	        else if (currentBackend.priority === priority) {
	            if (currentBackend.backend !== backend) {
	                throw new Error(`cannot register backend "${name}" using priority ${priority}`);
	            }
	        }
	        if (priority >= 0) {
	            const i = backendsSortedByPriority.indexOf(name);
	            if (i !== -1) {
	                backendsSortedByPriority.splice(i, 1);
	            }
	            for (let i = 0; i < backendsSortedByPriority.length; i++) {
	                if (backends.get(backendsSortedByPriority[i]).priority <= priority) {
	                    backendsSortedByPriority.splice(i, 0, name);
	                    return;
	                }
	            }
	            backendsSortedByPriority.push(name);
	        }
	        return;
	    }
	    throw new TypeError('not a valid backend');
	};
	backendImpl.registerBackend = registerBackend;
	/**
	 * Try to resolve and initialize a backend.
	 *
	 * @param backendName - the name of the backend.
	 * @returns the backend instance if resolved and initialized successfully, or an error message if failed.
	 */
	const tryResolveAndInitializeBackend = async (backendName) => {
	    const backendInfo = backends.get(backendName);
	    if (!backendInfo) {
	        return 'backend not found.';
	    }
	    if (backendInfo.initialized) {
	        return backendInfo.backend;
	    }
	    else if (backendInfo.aborted) {
	        return backendInfo.error;
	    }
	    else {
	        const isInitializing = !!backendInfo.initPromise;
	        try {
	            if (!isInitializing) {
	                backendInfo.initPromise = backendInfo.backend.init(backendName);
	            }
	            await backendInfo.initPromise;
	            backendInfo.initialized = true;
	            return backendInfo.backend;
	        }
	        catch (e) {
	            if (!isInitializing) {
	                backendInfo.error = `${e}`;
	                backendInfo.aborted = true;
	            }
	            return backendInfo.error;
	        }
	        finally {
	            delete backendInfo.initPromise;
	        }
	    }
	};
	/**
	 * Resolve execution providers from the specific session options.
	 *
	 * @param options - the session options object.
	 * @returns a promise that resolves to a tuple of an initialized backend instance and a session options object with
	 * filtered EP list.
	 *
	 * @ignore
	 */
	const resolveBackendAndExecutionProviders = async (options) => {
	    // extract backend hints from session options
	    const eps = options.executionProviders || [];
	    const backendHints = eps.map((i) => (typeof i === 'string' ? i : i.name));
	    const backendNames = backendHints.length === 0 ? backendsSortedByPriority : backendHints;
	    // try to resolve and initialize all requested backends
	    let backend;
	    const errors = [];
	    const availableBackendNames = new Set();
	    for (const backendName of backendNames) {
	        const resolveResult = await tryResolveAndInitializeBackend(backendName);
	        if (typeof resolveResult === 'string') {
	            errors.push({ name: backendName, err: resolveResult });
	        }
	        else {
	            if (!backend) {
	                backend = resolveResult;
	            }
	            if (backend === resolveResult) {
	                availableBackendNames.add(backendName);
	            }
	        }
	    }
	    // if no backend is available, throw error.
	    if (!backend) {
	        throw new Error(`no available backend found. ERR: ${errors.map((e) => `[${e.name}] ${e.err}`).join(', ')}`);
	    }
	    // for each explicitly requested backend, if it's not available, output warning message.
	    for (const { name, err } of errors) {
	        if (backendHints.includes(name)) {
	            // eslint-disable-next-line no-console
	            console.warn(`removing requested execution provider "${name}" from session options because it is not available: ${err}`);
	        }
	    }
	    const filteredEps = eps.filter((i) => availableBackendNames.has(typeof i === 'string' ? i : i.name));
	    return [
	        backend,
	        new Proxy(options, {
	            get: (target, prop) => {
	                if (prop === 'executionProviders') {
	                    return filteredEps;
	                }
	                return Reflect.get(target, prop);
	            },
	        }),
	    ];
	};
	backendImpl.resolveBackendAndExecutionProviders = resolveBackendAndExecutionProviders;
	
	return backendImpl;
}

var hasRequiredBackend$1;

function requireBackend$1 () {
	if (hasRequiredBackend$1) return backend$1;
	hasRequiredBackend$1 = 1;
	(function (exports) {
		// Copyright (c) Microsoft Corporation. All rights reserved.
		// Licensed under the MIT License.
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.registerBackend = void 0;
		var backend_impl_js_1 = requireBackendImpl();
		Object.defineProperty(exports, "registerBackend", { enumerable: true, get: function () { return backend_impl_js_1.registerBackend; } });
		
	} (backend$1));
	return backend$1;
}

var env = {};

var envImpl = {};

var version$1 = {};

var hasRequiredVersion$1;

function requireVersion$1 () {
	if (hasRequiredVersion$1) return version$1;
	hasRequiredVersion$1 = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(version$1, "__esModule", { value: true });
	version$1.version = void 0;
	// This file is generated by /js/scripts/update-version.ts
	// Do not modify file content manually.
	version$1.version = '1.30.0';
	
	return version$1;
}

var hasRequiredEnvImpl;

function requireEnvImpl () {
	if (hasRequiredEnvImpl) return envImpl;
	hasRequiredEnvImpl = 1;
	(function (exports) {
		// Copyright (c) Microsoft Corporation. All rights reserved.
		// Licensed under the MIT License.
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.env = void 0;
		const version_js_1 = requireVersion$1();
		let logLevelValue = 'warning';
		exports.env = {
		    wasm: {},
		    webgl: {},
		    webgpu: {},
		    versions: { common: version_js_1.version },
		    set logLevel(value) {
		        if (value === undefined) {
		            return;
		        }
		        if (typeof value !== 'string' || ['verbose', 'info', 'warning', 'error', 'fatal'].indexOf(value) === -1) {
		            throw new Error(`Unsupported logging level: ${value}`);
		        }
		        logLevelValue = value;
		    },
		    get logLevel() {
		        return logLevelValue;
		    },
		};
		// set property 'logLevel' so that they can be correctly transferred to worker by `postMessage()`.
		Object.defineProperty(exports.env, 'logLevel', { enumerable: true });
		
	} (envImpl));
	return envImpl;
}

var hasRequiredEnv;

function requireEnv () {
	if (hasRequiredEnv) return env;
	hasRequiredEnv = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(env, "__esModule", { value: true });
	env.env = void 0;
	const env_impl_js_1 = requireEnvImpl();
	/**
	 * Represent a set of flags as a global singleton.
	 */
	env.env = env_impl_js_1.env;
	
	return env;
}

var inferenceSession = {};

var inferenceSessionImpl = {};

var tensor = {};

var tensorImpl = {};

var tensorConversionImpl = {};

var hasRequiredTensorConversionImpl;

function requireTensorConversionImpl () {
	if (hasRequiredTensorConversionImpl) return tensorConversionImpl;
	hasRequiredTensorConversionImpl = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(tensorConversionImpl, "__esModule", { value: true });
	tensorConversionImpl.tensorToImageData = tensorConversionImpl.tensorToDataURL = void 0;
	/**
	 * implementation of Tensor.toDataURL()
	 */
	const tensorToDataURL = (tensor, options) => {
	    const canvas = typeof document !== 'undefined' ? document.createElement('canvas') : new OffscreenCanvas(1, 1);
	    canvas.width = tensor.dims[3];
	    canvas.height = tensor.dims[2];
	    const pixels2DContext = canvas.getContext('2d');
	    if (pixels2DContext != null) {
	        // Default values for height and width & format
	        let width;
	        let height;
	        if (options?.tensorLayout !== undefined && options.tensorLayout === 'NHWC') {
	            width = tensor.dims[2];
	            height = tensor.dims[3];
	        }
	        else {
	            // Default layout is NCWH
	            width = tensor.dims[3];
	            height = tensor.dims[2];
	        }
	        const inputformat = options?.format !== undefined ? options.format : 'RGB';
	        const norm = options?.norm;
	        let normMean;
	        let normBias;
	        if (norm === undefined || norm.mean === undefined) {
	            normMean = [255, 255, 255, 255];
	        }
	        else {
	            if (typeof norm.mean === 'number') {
	                normMean = [norm.mean, norm.mean, norm.mean, norm.mean];
	            }
	            else {
	                normMean = [norm.mean[0], norm.mean[1], norm.mean[2], 0];
	                if (norm.mean[3] !== undefined) {
	                    normMean[3] = norm.mean[3];
	                }
	            }
	        }
	        if (norm === undefined || norm.bias === undefined) {
	            normBias = [0, 0, 0, 0];
	        }
	        else {
	            if (typeof norm.bias === 'number') {
	                normBias = [norm.bias, norm.bias, norm.bias, norm.bias];
	            }
	            else {
	                normBias = [norm.bias[0], norm.bias[1], norm.bias[2], 0];
	                if (norm.bias[3] !== undefined) {
	                    normBias[3] = norm.bias[3];
	                }
	            }
	        }
	        const stride = height * width;
	        // Default pointer assignments
	        let rTensorPointer = 0, gTensorPointer = stride, bTensorPointer = stride * 2, aTensorPointer = -1;
	        // Updating the pointer assignments based on the input image format
	        if (inputformat === 'RGBA') {
	            rTensorPointer = 0;
	            gTensorPointer = stride;
	            bTensorPointer = stride * 2;
	            aTensorPointer = stride * 3;
	        }
	        else if (inputformat === 'RGB') {
	            rTensorPointer = 0;
	            gTensorPointer = stride;
	            bTensorPointer = stride * 2;
	        }
	        else if (inputformat === 'RBG') {
	            rTensorPointer = 0;
	            bTensorPointer = stride;
	            gTensorPointer = stride * 2;
	        }
	        for (let i = 0; i < height; i++) {
	            for (let j = 0; j < width; j++) {
	                const R = (tensor.data[rTensorPointer++] - normBias[0]) * normMean[0]; // R value
	                const G = (tensor.data[gTensorPointer++] - normBias[1]) * normMean[1]; // G value
	                const B = (tensor.data[bTensorPointer++] - normBias[2]) * normMean[2]; // B value
	                const A = aTensorPointer === -1 ? 255 : (tensor.data[aTensorPointer++] - normBias[3]) * normMean[3]; // A value
	                pixels2DContext.fillStyle = 'rgba(' + R + ',' + G + ',' + B + ',' + A + ')';
	                pixels2DContext.fillRect(j, i, 1, 1);
	            }
	        }
	        if ('toDataURL' in canvas) {
	            return canvas.toDataURL();
	        }
	        else {
	            throw new Error('toDataURL is not supported');
	        }
	    }
	    else {
	        throw new Error('Can not access image data');
	    }
	};
	tensorConversionImpl.tensorToDataURL = tensorToDataURL;
	/**
	 * implementation of Tensor.toImageData()
	 */
	const tensorToImageData = (tensor, options) => {
	    const pixels2DContext = typeof document !== 'undefined'
	        ? document.createElement('canvas').getContext('2d')
	        : new OffscreenCanvas(1, 1).getContext('2d');
	    let image;
	    if (pixels2DContext != null) {
	        // Default values for height and width & format
	        let width;
	        let height;
	        let channels;
	        if (options?.tensorLayout !== undefined && options.tensorLayout === 'NHWC') {
	            width = tensor.dims[2];
	            height = tensor.dims[1];
	            channels = tensor.dims[3];
	        }
	        else {
	            // Default layout is NCWH
	            width = tensor.dims[3];
	            height = tensor.dims[2];
	            channels = tensor.dims[1];
	        }
	        const inputformat = options !== undefined ? (options.format !== undefined ? options.format : 'RGB') : 'RGB';
	        const norm = options?.norm;
	        let normMean;
	        let normBias;
	        if (norm === undefined || norm.mean === undefined) {
	            normMean = [255, 255, 255, 255];
	        }
	        else {
	            if (typeof norm.mean === 'number') {
	                normMean = [norm.mean, norm.mean, norm.mean, norm.mean];
	            }
	            else {
	                normMean = [norm.mean[0], norm.mean[1], norm.mean[2], 255];
	                if (norm.mean[3] !== undefined) {
	                    normMean[3] = norm.mean[3];
	                }
	            }
	        }
	        if (norm === undefined || norm.bias === undefined) {
	            normBias = [0, 0, 0, 0];
	        }
	        else {
	            if (typeof norm.bias === 'number') {
	                normBias = [norm.bias, norm.bias, norm.bias, norm.bias];
	            }
	            else {
	                normBias = [norm.bias[0], norm.bias[1], norm.bias[2], 0];
	                if (norm.bias[3] !== undefined) {
	                    normBias[3] = norm.bias[3];
	                }
	            }
	        }
	        const stride = height * width;
	        if (options !== undefined) {
	            if ((options.format !== undefined && channels === 4 && options.format !== 'RGBA') ||
	                (channels === 3 && options.format !== 'RGB' && options.format !== 'BGR')) {
	                throw new Error("Tensor format doesn't match input tensor dims");
	            }
	        }
	        // Default pointer assignments
	        const step = 4;
	        let rImagePointer = 0, gImagePointer = 1, bImagePointer = 2, aImagePointer = 3;
	        let rTensorPointer = 0, gTensorPointer = stride, bTensorPointer = stride * 2, aTensorPointer = -1;
	        // Updating the pointer assignments based on the input image format
	        if (inputformat === 'RGBA') {
	            rTensorPointer = 0;
	            gTensorPointer = stride;
	            bTensorPointer = stride * 2;
	            aTensorPointer = stride * 3;
	        }
	        else if (inputformat === 'RGB') {
	            rTensorPointer = 0;
	            gTensorPointer = stride;
	            bTensorPointer = stride * 2;
	        }
	        else if (inputformat === 'RBG') {
	            rTensorPointer = 0;
	            bTensorPointer = stride;
	            gTensorPointer = stride * 2;
	        }
	        image = pixels2DContext.createImageData(width, height);
	        for (let i = 0; i < height * width; rImagePointer += step, gImagePointer += step, bImagePointer += step, aImagePointer += step, i++) {
	            image.data[rImagePointer] = (tensor.data[rTensorPointer++] - normBias[0]) * normMean[0]; // R value
	            image.data[gImagePointer] = (tensor.data[gTensorPointer++] - normBias[1]) * normMean[1]; // G value
	            image.data[bImagePointer] = (tensor.data[bTensorPointer++] - normBias[2]) * normMean[2]; // B value
	            image.data[aImagePointer] =
	                aTensorPointer === -1 ? 255 : (tensor.data[aTensorPointer++] - normBias[3]) * normMean[3]; // A value
	        }
	    }
	    else {
	        throw new Error('Can not access image data');
	    }
	    return image;
	};
	tensorConversionImpl.tensorToImageData = tensorToImageData;
	
	return tensorConversionImpl;
}

var tensorFactoryImpl = {};

var hasRequiredTensorFactoryImpl;

function requireTensorFactoryImpl () {
	if (hasRequiredTensorFactoryImpl) return tensorFactoryImpl;
	hasRequiredTensorFactoryImpl = 1;
	(function (exports) {
		// Copyright (c) Microsoft Corporation. All rights reserved.
		// Licensed under the MIT License.
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.tensorFromPinnedBuffer = exports.tensorFromMLTensor = exports.tensorFromGpuBuffer = exports.tensorFromTexture = exports.tensorFromImage = exports.bufferToTensor = void 0;
		const tensor_impl_js_1 = requireTensorImpl();
		/**
		 * Create a new tensor object from image object
		 *
		 * @param buffer - Extracted image buffer data - assuming RGBA format
		 * @param imageFormat - input image configuration - required configurations height, width, format
		 * @param tensorFormat - output tensor configuration - Default is RGB format
		 */
		const bufferToTensor = (buffer, options) => {
		    if (buffer === undefined) {
		        throw new Error('Image buffer must be defined');
		    }
		    if (options.height === undefined || options.width === undefined) {
		        throw new Error('Image height and width must be defined');
		    }
		    if (options.tensorLayout === 'NHWC') {
		        throw new Error('NHWC Tensor layout is not supported yet');
		    }
		    const { height, width } = options;
		    const norm = options.norm ?? { mean: 255, bias: 0 };
		    let normMean;
		    let normBias;
		    if (typeof norm.mean === 'number') {
		        normMean = [norm.mean, norm.mean, norm.mean, norm.mean];
		    }
		    else {
		        normMean = [norm.mean[0], norm.mean[1], norm.mean[2], norm.mean[3] ?? 255];
		    }
		    if (typeof norm.bias === 'number') {
		        normBias = [norm.bias, norm.bias, norm.bias, norm.bias];
		    }
		    else {
		        normBias = [norm.bias[0], norm.bias[1], norm.bias[2], norm.bias[3] ?? 0];
		    }
		    const inputformat = options.format !== undefined ? options.format : 'RGBA';
		    // default value is RGBA since imagedata and HTMLImageElement uses it
		    const outputformat = options.tensorFormat !== undefined ? (options.tensorFormat !== undefined ? options.tensorFormat : 'RGB') : 'RGB';
		    const stride = height * width;
		    const float32Data = outputformat === 'RGBA' ? new Float32Array(stride * 4) : new Float32Array(stride * 3);
		    // Default pointer assignments
		    let step = 4, rImagePointer = 0, gImagePointer = 1, bImagePointer = 2, aImagePointer = 3;
		    let rTensorPointer = 0, gTensorPointer = stride, bTensorPointer = stride * 2, aTensorPointer = -1;
		    // Updating the pointer assignments based on the input image format
		    if (inputformat === 'RGB') {
		        step = 3;
		        rImagePointer = 0;
		        gImagePointer = 1;
		        bImagePointer = 2;
		        aImagePointer = -1;
		    }
		    // Updating the pointer assignments based on the output tensor format
		    if (outputformat === 'RGBA') {
		        aTensorPointer = stride * 3;
		    }
		    else if (outputformat === 'RBG') {
		        rTensorPointer = 0;
		        bTensorPointer = stride;
		        gTensorPointer = stride * 2;
		    }
		    else if (outputformat === 'BGR') {
		        bTensorPointer = 0;
		        gTensorPointer = stride;
		        rTensorPointer = stride * 2;
		    }
		    for (let i = 0; i < stride; i++, rImagePointer += step, bImagePointer += step, gImagePointer += step, aImagePointer += step) {
		        float32Data[rTensorPointer++] = (buffer[rImagePointer] + normBias[0]) / normMean[0];
		        float32Data[gTensorPointer++] = (buffer[gImagePointer] + normBias[1]) / normMean[1];
		        float32Data[bTensorPointer++] = (buffer[bImagePointer] + normBias[2]) / normMean[2];
		        if (aTensorPointer !== -1 && aImagePointer !== -1) {
		            float32Data[aTensorPointer++] = (buffer[aImagePointer] + normBias[3]) / normMean[3];
		        }
		    }
		    // Float32Array -> ort.Tensor
		    const outputTensor = outputformat === 'RGBA'
		        ? new tensor_impl_js_1.Tensor('float32', float32Data, [1, 4, height, width])
		        : new tensor_impl_js_1.Tensor('float32', float32Data, [1, 3, height, width]);
		    return outputTensor;
		};
		exports.bufferToTensor = bufferToTensor;
		/**
		 * implementation of Tensor.fromImage().
		 */
		const tensorFromImage = async (image, options) => {
		    // checking the type of image object
		    const isHTMLImageEle = typeof HTMLImageElement !== 'undefined' && image instanceof HTMLImageElement;
		    const isImageDataEle = typeof ImageData !== 'undefined' && image instanceof ImageData;
		    const isImageBitmap = typeof ImageBitmap !== 'undefined' && image instanceof ImageBitmap;
		    const isString = typeof image === 'string';
		    let data;
		    let bufferToTensorOptions = options ?? {};
		    const createCanvas = () => {
		        if (typeof document !== 'undefined') {
		            return document.createElement('canvas');
		        }
		        else if (typeof OffscreenCanvas !== 'undefined') {
		            return new OffscreenCanvas(1, 1);
		        }
		        else {
		            throw new Error('Canvas is not supported');
		        }
		    };
		    const createCanvasContext = (canvas) => {
		        if (typeof HTMLCanvasElement !== 'undefined' && canvas instanceof HTMLCanvasElement) {
		            return canvas.getContext('2d');
		        }
		        else if (canvas instanceof OffscreenCanvas) {
		            return canvas.getContext('2d');
		        }
		        else {
		            return null;
		        }
		    };
		    // filling and checking image configuration options
		    if (isHTMLImageEle) {
		        // HTMLImageElement - image object - format is RGBA by default
		        const canvas = createCanvas();
		        canvas.width = image.width;
		        canvas.height = image.height;
		        const pixels2DContext = createCanvasContext(canvas);
		        if (pixels2DContext != null) {
		            let height = image.height;
		            let width = image.width;
		            if (options !== undefined && options.resizedHeight !== undefined && options.resizedWidth !== undefined) {
		                height = options.resizedHeight;
		                width = options.resizedWidth;
		            }
		            if (options !== undefined) {
		                bufferToTensorOptions = options;
		                if (options.tensorFormat !== undefined) {
		                    throw new Error('Image input config format must be RGBA for HTMLImageElement');
		                }
		                else {
		                    bufferToTensorOptions.tensorFormat = 'RGBA';
		                }
		                bufferToTensorOptions.height = height;
		                bufferToTensorOptions.width = width;
		            }
		            else {
		                bufferToTensorOptions.tensorFormat = 'RGBA';
		                bufferToTensorOptions.height = height;
		                bufferToTensorOptions.width = width;
		            }
		            pixels2DContext.drawImage(image, 0, 0);
		            data = pixels2DContext.getImageData(0, 0, width, height).data;
		        }
		        else {
		            throw new Error('Can not access image data');
		        }
		    }
		    else if (isImageDataEle) {
		        let height;
		        let width;
		        if (options !== undefined && options.resizedWidth !== undefined && options.resizedHeight !== undefined) {
		            height = options.resizedHeight;
		            width = options.resizedWidth;
		        }
		        else {
		            height = image.height;
		            width = image.width;
		        }
		        if (options !== undefined) {
		            bufferToTensorOptions = options;
		        }
		        bufferToTensorOptions.format = 'RGBA';
		        bufferToTensorOptions.height = height;
		        bufferToTensorOptions.width = width;
		        if (options !== undefined) {
		            const tempCanvas = createCanvas();
		            tempCanvas.width = width;
		            tempCanvas.height = height;
		            const pixels2DContext = createCanvasContext(tempCanvas);
		            if (pixels2DContext != null) {
		                pixels2DContext.putImageData(image, 0, 0);
		                data = pixels2DContext.getImageData(0, 0, width, height).data;
		            }
		            else {
		                throw new Error('Can not access image data');
		            }
		        }
		        else {
		            data = image.data;
		        }
		    }
		    else if (isImageBitmap) {
		        // ImageBitmap - image object - format must be provided by user
		        if (options === undefined) {
		            throw new Error('Please provide image config with format for Imagebitmap');
		        }
		        const canvas = createCanvas();
		        canvas.width = image.width;
		        canvas.height = image.height;
		        const pixels2DContext = createCanvasContext(canvas);
		        if (pixels2DContext != null) {
		            const height = image.height;
		            const width = image.width;
		            pixels2DContext.drawImage(image, 0, 0, width, height);
		            data = pixels2DContext.getImageData(0, 0, width, height).data;
		            bufferToTensorOptions.height = height;
		            bufferToTensorOptions.width = width;
		            return (0, exports.bufferToTensor)(data, bufferToTensorOptions);
		        }
		        else {
		            throw new Error('Can not access image data');
		        }
		    }
		    else if (isString) {
		        return new Promise((resolve, reject) => {
		            const canvas = createCanvas();
		            const context = createCanvasContext(canvas);
		            if (!image || !context) {
		                return reject();
		            }
		            const newImage = new Image();
		            newImage.crossOrigin = 'Anonymous';
		            newImage.src = image;
		            newImage.onload = () => {
		                canvas.width = newImage.width;
		                canvas.height = newImage.height;
		                context.drawImage(newImage, 0, 0, canvas.width, canvas.height);
		                const img = context.getImageData(0, 0, canvas.width, canvas.height);
		                bufferToTensorOptions.height = canvas.height;
		                bufferToTensorOptions.width = canvas.width;
		                resolve((0, exports.bufferToTensor)(img.data, bufferToTensorOptions));
		            };
		        });
		    }
		    else {
		        throw new Error('Input data provided is not supported - aborted tensor creation');
		    }
		    if (data !== undefined) {
		        return (0, exports.bufferToTensor)(data, bufferToTensorOptions);
		    }
		    else {
		        throw new Error('Input data provided is not supported - aborted tensor creation');
		    }
		};
		exports.tensorFromImage = tensorFromImage;
		/**
		 * implementation of Tensor.fromTexture().
		 */
		const tensorFromTexture = (texture, options) => {
		    const { width, height, download, dispose } = options;
		    // Always assume RGBAF32. TODO: support different texture format
		    const dims = [1, height, width, 4];
		    return new tensor_impl_js_1.Tensor({ location: 'texture', type: 'float32', texture, dims, download, dispose });
		};
		exports.tensorFromTexture = tensorFromTexture;
		/**
		 * implementation of Tensor.fromGpuBuffer().
		 */
		const tensorFromGpuBuffer = (gpuBuffer, options) => {
		    const { dataType, dims, download, dispose } = options;
		    return new tensor_impl_js_1.Tensor({ location: 'gpu-buffer', type: dataType ?? 'float32', gpuBuffer, dims, download, dispose });
		};
		exports.tensorFromGpuBuffer = tensorFromGpuBuffer;
		/**
		 * implementation of Tensor.fromMLTensor().
		 */
		const tensorFromMLTensor = (mlTensor, options) => {
		    const { dataType, dims, download, dispose } = options;
		    return new tensor_impl_js_1.Tensor({ location: 'ml-tensor', type: dataType ?? 'float32', mlTensor, dims, download, dispose });
		};
		exports.tensorFromMLTensor = tensorFromMLTensor;
		/**
		 * implementation of Tensor.fromPinnedBuffer().
		 */
		const tensorFromPinnedBuffer = (type, buffer, dims) => new tensor_impl_js_1.Tensor({ location: 'cpu-pinned', type, data: buffer, dims: dims ?? [buffer.length] });
		exports.tensorFromPinnedBuffer = tensorFromPinnedBuffer;
		
	} (tensorFactoryImpl));
	return tensorFactoryImpl;
}

var tensorImplTypeMapping = {};

var hasRequiredTensorImplTypeMapping;

function requireTensorImplTypeMapping () {
	if (hasRequiredTensorImplTypeMapping) return tensorImplTypeMapping;
	hasRequiredTensorImplTypeMapping = 1;
	(function (exports) {
		// Copyright (c) Microsoft Corporation. All rights reserved.
		// Licensed under the MIT License.
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.checkTypedArray = exports.NUMERIC_TENSOR_TYPEDARRAY_TO_TYPE_MAP = exports.NUMERIC_TENSOR_TYPE_TO_TYPEDARRAY_MAP = void 0;
		// a runtime map that maps type string to TypedArray constructor. Should match Tensor.DataTypeMap.
		exports.NUMERIC_TENSOR_TYPE_TO_TYPEDARRAY_MAP = new Map([
		    ['float32', Float32Array],
		    ['uint8', Uint8Array],
		    ['int8', Int8Array],
		    ['uint16', Uint16Array],
		    ['int16', Int16Array],
		    ['int32', Int32Array],
		    ['bool', Uint8Array],
		    ['float64', Float64Array],
		    ['uint32', Uint32Array],
		    ['int4', Uint8Array],
		    ['uint4', Uint8Array],
		]);
		// a runtime map that maps type string to TypedArray constructor. Should match Tensor.DataTypeMap.
		exports.NUMERIC_TENSOR_TYPEDARRAY_TO_TYPE_MAP = new Map([
		    [Float32Array, 'float32'],
		    [Uint8Array, 'uint8'],
		    [Int8Array, 'int8'],
		    [Uint16Array, 'uint16'],
		    [Int16Array, 'int16'],
		    [Int32Array, 'int32'],
		    [Float64Array, 'float64'],
		    [Uint32Array, 'uint32'],
		]);
		// the following code allows delaying execution of BigInt/Float16Array checking. This allows lazy initialization for
		// NUMERIC_TENSOR_TYPE_TO_TYPEDARRAY_MAP and NUMERIC_TENSOR_TYPEDARRAY_TO_TYPE_MAP, which allows BigInt/Float16Array
		// polyfill if available.
		let isTypedArrayChecked = false;
		const checkTypedArray = () => {
		    if (!isTypedArrayChecked) {
		        isTypedArrayChecked = true;
		        const isBigInt64ArrayAvailable = typeof BigInt64Array !== 'undefined' && BigInt64Array.from;
		        const isBigUint64ArrayAvailable = typeof BigUint64Array !== 'undefined' && BigUint64Array.from;
		        // eslint-disable-next-line @typescript-eslint/naming-convention, @typescript-eslint/no-explicit-any
		        const Float16Array = globalThis.Float16Array;
		        const isFloat16ArrayAvailable = typeof Float16Array !== 'undefined' && Float16Array.from;
		        if (isBigInt64ArrayAvailable) {
		            exports.NUMERIC_TENSOR_TYPE_TO_TYPEDARRAY_MAP.set('int64', BigInt64Array);
		            exports.NUMERIC_TENSOR_TYPEDARRAY_TO_TYPE_MAP.set(BigInt64Array, 'int64');
		        }
		        if (isBigUint64ArrayAvailable) {
		            exports.NUMERIC_TENSOR_TYPE_TO_TYPEDARRAY_MAP.set('uint64', BigUint64Array);
		            exports.NUMERIC_TENSOR_TYPEDARRAY_TO_TYPE_MAP.set(BigUint64Array, 'uint64');
		        }
		        if (isFloat16ArrayAvailable) {
		            exports.NUMERIC_TENSOR_TYPE_TO_TYPEDARRAY_MAP.set('float16', Float16Array);
		            exports.NUMERIC_TENSOR_TYPEDARRAY_TO_TYPE_MAP.set(Float16Array, 'float16');
		        }
		        else {
		            // if Float16Array is not available, use 'Uint16Array' to store the data.
		            exports.NUMERIC_TENSOR_TYPE_TO_TYPEDARRAY_MAP.set('float16', Uint16Array);
		        }
		    }
		};
		exports.checkTypedArray = checkTypedArray;
		
	} (tensorImplTypeMapping));
	return tensorImplTypeMapping;
}

var tensorUtilsImpl = {};

var hasRequiredTensorUtilsImpl;

function requireTensorUtilsImpl () {
	if (hasRequiredTensorUtilsImpl) return tensorUtilsImpl;
	hasRequiredTensorUtilsImpl = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(tensorUtilsImpl, "__esModule", { value: true });
	tensorUtilsImpl.tensorReshape = tensorUtilsImpl.calculateSize = void 0;
	const tensor_impl_js_1 = requireTensorImpl();
	/**
	 * calculate size from dims.
	 *
	 * @param dims the dims array. May be an illegal input.
	 */
	const calculateSize = (dims) => {
	    let size = 1;
	    for (let i = 0; i < dims.length; i++) {
	        const dim = dims[i];
	        if (typeof dim !== 'number' || !Number.isSafeInteger(dim)) {
	            throw new TypeError(`dims[${i}] must be an integer, got: ${dim}`);
	        }
	        if (dim < 0) {
	            throw new RangeError(`dims[${i}] must be a non-negative integer, got: ${dim}`);
	        }
	        size *= dim;
	    }
	    return size;
	};
	tensorUtilsImpl.calculateSize = calculateSize;
	/**
	 * implementation of Tensor.reshape()
	 */
	const tensorReshape = (tensor, dims) => {
	    switch (tensor.location) {
	        case 'cpu':
	            return new tensor_impl_js_1.Tensor(tensor.type, tensor.data, dims);
	        case 'cpu-pinned':
	            return new tensor_impl_js_1.Tensor({
	                location: 'cpu-pinned',
	                data: tensor.data,
	                type: tensor.type,
	                dims,
	            });
	        case 'texture':
	            return new tensor_impl_js_1.Tensor({
	                location: 'texture',
	                texture: tensor.texture,
	                type: tensor.type,
	                dims,
	            });
	        case 'gpu-buffer':
	            return new tensor_impl_js_1.Tensor({
	                location: 'gpu-buffer',
	                gpuBuffer: tensor.gpuBuffer,
	                type: tensor.type,
	                dims,
	            });
	        case 'ml-tensor':
	            return new tensor_impl_js_1.Tensor({
	                location: 'ml-tensor',
	                mlTensor: tensor.mlTensor,
	                type: tensor.type,
	                dims,
	            });
	        default:
	            throw new Error(`tensorReshape: tensor location ${tensor.location} is not supported`);
	    }
	};
	tensorUtilsImpl.tensorReshape = tensorReshape;
	
	return tensorUtilsImpl;
}

var hasRequiredTensorImpl;

function requireTensorImpl () {
	if (hasRequiredTensorImpl) return tensorImpl;
	hasRequiredTensorImpl = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(tensorImpl, "__esModule", { value: true });
	tensorImpl.Tensor = void 0;
	const tensor_conversion_impl_js_1 = requireTensorConversionImpl();
	const tensor_factory_impl_js_1 = requireTensorFactoryImpl();
	const tensor_impl_type_mapping_js_1 = requireTensorImplTypeMapping();
	const tensor_utils_impl_js_1 = requireTensorUtilsImpl();
	/**
	 * the implementation of Tensor interface.
	 *
	 * @ignore
	 */
	class Tensor {
	    /**
	     * implementation.
	     */
	    constructor(arg0, arg1, arg2) {
	        // perform one-time check for BigInt/Float16Array support
	        (0, tensor_impl_type_mapping_js_1.checkTypedArray)();
	        let type;
	        let dims;
	        if (typeof arg0 === 'object' && 'location' in arg0) {
	            //
	            // constructing tensor from specific location
	            //
	            this.dataLocation = arg0.location;
	            type = arg0.type;
	            dims = arg0.dims;
	            switch (arg0.location) {
	                case 'cpu-pinned': {
	                    const expectedTypedArrayConstructor = tensor_impl_type_mapping_js_1.NUMERIC_TENSOR_TYPE_TO_TYPEDARRAY_MAP.get(type);
	                    if (!expectedTypedArrayConstructor) {
	                        throw new TypeError(`unsupported type "${type}" to create tensor from pinned buffer`);
	                    }
	                    if (!(arg0.data instanceof expectedTypedArrayConstructor)) {
	                        throw new TypeError(`buffer should be of type ${expectedTypedArrayConstructor.name}`);
	                    }
	                    this.cpuData = arg0.data;
	                    break;
	                }
	                case 'texture': {
	                    if (type !== 'float32') {
	                        throw new TypeError(`unsupported type "${type}" to create tensor from texture`);
	                    }
	                    this.gpuTextureData = arg0.texture;
	                    this.downloader = arg0.download;
	                    this.disposer = arg0.dispose;
	                    break;
	                }
	                case 'gpu-buffer': {
	                    if (type !== 'float32' &&
	                        type !== 'float16' &&
	                        type !== 'int32' &&
	                        type !== 'int64' &&
	                        type !== 'uint32' &&
	                        type !== 'uint8' &&
	                        type !== 'bool' &&
	                        type !== 'uint4' &&
	                        type !== 'int4') {
	                        throw new TypeError(`unsupported type "${type}" to create tensor from gpu buffer`);
	                    }
	                    this.gpuBufferData = arg0.gpuBuffer;
	                    this.downloader = arg0.download;
	                    this.disposer = arg0.dispose;
	                    break;
	                }
	                case 'ml-tensor': {
	                    if (type !== 'float32' &&
	                        type !== 'float16' &&
	                        type !== 'int32' &&
	                        type !== 'int64' &&
	                        type !== 'uint32' &&
	                        type !== 'uint64' &&
	                        type !== 'int8' &&
	                        type !== 'uint8' &&
	                        type !== 'bool' &&
	                        type !== 'uint4' &&
	                        type !== 'int4') {
	                        throw new TypeError(`unsupported type "${type}" to create tensor from MLTensor`);
	                    }
	                    this.mlTensorData = arg0.mlTensor;
	                    this.downloader = arg0.download;
	                    this.disposer = arg0.dispose;
	                    break;
	                }
	                default:
	                    throw new Error(`Tensor constructor: unsupported location '${this.dataLocation}'`);
	            }
	        }
	        else {
	            //
	            // constructing tensor of location 'cpu'
	            //
	            let data;
	            let maybeDims;
	            // check whether arg0 is type or data
	            if (typeof arg0 === 'string') {
	                //
	                // Override: constructor(type, data, ...)
	                //
	                type = arg0;
	                maybeDims = arg2;
	                if (arg0 === 'string') {
	                    // string tensor
	                    if (!Array.isArray(arg1)) {
	                        throw new TypeError("A string tensor's data must be a string array.");
	                    }
	                    // we don't check whether every element in the array is string; this is too slow. we assume it's correct and
	                    // error will be populated at inference
	                    data = arg1;
	                }
	                else {
	                    // numeric tensor
	                    const typedArrayConstructor = tensor_impl_type_mapping_js_1.NUMERIC_TENSOR_TYPE_TO_TYPEDARRAY_MAP.get(arg0);
	                    if (typedArrayConstructor === undefined) {
	                        throw new TypeError(`Unsupported tensor type: ${arg0}.`);
	                    }
	                    if (Array.isArray(arg1)) {
	                        if ((arg0 === 'float16' && typedArrayConstructor === Uint16Array) || arg0 === 'uint4' || arg0 === 'int4') {
	                            // - 'float16':
	                            //   When no Float16Array polyfill is used, we cannot create 'float16' tensor from number array.
	                            //
	                            //   Throw error here because when user try to use number array as data,
	                            //   e.g. new Tensor('float16', [1, 2, 3, 4], dims)), it will actually call
	                            //   Uint16Array.from(arg1) which generates wrong data.
	                            //
	                            // - 'uint4' and 'int4':
	                            //   Uint8Array.from(arg1) will generate wrong data for 'uint4' and 'int4' tensor.
	                            //
	                            throw new TypeError(`Creating a ${arg0} tensor from number array is not supported. Please use ${typedArrayConstructor.name} as data.`);
	                        }
	                        else if (arg0 === 'uint64' || arg0 === 'int64') {
	                            // use 'as any' here because:
	                            // 1. TypeScript's check on type of 'Array.isArray()' does not work with readonly arrays.
	                            // see https://github.com/microsoft/TypeScript/issues/17002
	                            // 2. TypeScript's check on union type of '(BigInt64ArrayConstructor|BigUint64ArrayConstructor).from()'
	                            // does not accept parameter mapFn.
	                            // 3. parameters of 'SupportedTypedArrayConstructors.from()' does not match the requirement of the union
	                            // type.
	                            // assume 'arg1' is of type "readonly number[]|readonly bigint[]" here.
	                            // eslint-disable-next-line @typescript-eslint/no-explicit-any
	                            data = typedArrayConstructor.from(arg1, BigInt);
	                        }
	                        else {
	                            // assume 'arg1' is of type "readonly number[]" here.
	                            // eslint-disable-next-line @typescript-eslint/no-explicit-any
	                            data = typedArrayConstructor.from(arg1);
	                        }
	                    }
	                    else if (arg1 instanceof typedArrayConstructor) {
	                        data = arg1;
	                    }
	                    else if (arg1 instanceof Uint8ClampedArray) {
	                        if (arg0 === 'uint8') {
	                            data = Uint8Array.from(arg1);
	                        }
	                        else {
	                            throw new TypeError(`A Uint8ClampedArray tensor's data must be type of uint8`);
	                        }
	                    }
	                    else if (arg0 === 'float16' && arg1 instanceof Uint16Array && typedArrayConstructor !== Uint16Array) {
	                        // when Float16Array is available and data is of type Uint16Array.
	                        // We allow Uint16Array to be passed in as data for 'float16' tensor until Float16Array is generally
	                        // supported in JavaScript environment.
	                        // eslint-disable-next-line @typescript-eslint/no-explicit-any
	                        data = new globalThis.Float16Array(arg1.buffer, arg1.byteOffset, arg1.length);
	                    }
	                    else {
	                        throw new TypeError(`A ${type} tensor's data must be type of ${typedArrayConstructor}`);
	                    }
	                }
	            }
	            else {
	                //
	                // Override: constructor(data, ...)
	                //
	                maybeDims = arg1;
	                if (Array.isArray(arg0)) {
	                    // only boolean[] and string[] is supported
	                    if (arg0.length === 0) {
	                        throw new TypeError('Tensor type cannot be inferred from an empty array.');
	                    }
	                    const firstElementType = typeof arg0[0];
	                    if (firstElementType === 'string') {
	                        type = 'string';
	                        data = arg0;
	                    }
	                    else if (firstElementType === 'boolean') {
	                        type = 'bool';
	                        // 'arg0' is of type 'boolean[]'. Uint8Array.from(boolean[]) actually works, but typescript thinks this is
	                        // wrong type. We use 'as any' to make it happy.
	                        // eslint-disable-next-line @typescript-eslint/no-explicit-any
	                        data = Uint8Array.from(arg0);
	                    }
	                    else {
	                        throw new TypeError(`Invalid element type of data array: ${firstElementType}.`);
	                    }
	                }
	                else if (arg0 instanceof Uint8ClampedArray) {
	                    type = 'uint8';
	                    data = Uint8Array.from(arg0);
	                }
	                else {
	                    // get tensor type from TypedArray
	                    const mappedType = tensor_impl_type_mapping_js_1.NUMERIC_TENSOR_TYPEDARRAY_TO_TYPE_MAP.get(arg0.constructor);
	                    if (mappedType === undefined) {
	                        throw new TypeError(`Unsupported type for tensor data: ${arg0.constructor}.`);
	                    }
	                    type = mappedType;
	                    data = arg0;
	                }
	            }
	            // type and data is processed, now processing dims
	            if (maybeDims === undefined) {
	                // assume 1-D tensor if dims omitted
	                maybeDims = [data.length];
	            }
	            else if (!Array.isArray(maybeDims)) {
	                throw new TypeError("A tensor's dims must be a number array");
	            }
	            dims = maybeDims;
	            this.cpuData = data;
	            this.dataLocation = 'cpu';
	        }
	        // perform check on dims
	        const size = (0, tensor_utils_impl_js_1.calculateSize)(dims);
	        // if data is on CPU, check whether data length matches tensor size
	        if (this.cpuData && size !== this.cpuData.length) {
	            if ((type === 'uint4' || type === 'int4') && Math.ceil(size / 2) === this.cpuData.length) ;
	            else {
	                throw new Error(`Tensor's size(${size}) does not match data length(${this.cpuData.length}).`);
	            }
	        }
	        this.type = type;
	        this.dims = dims;
	        this.size = size;
	    }
	    // #endregion
	    // #region factory
	    static async fromImage(image, options) {
	        return (0, tensor_factory_impl_js_1.tensorFromImage)(image, options);
	    }
	    static fromTexture(texture, options) {
	        return (0, tensor_factory_impl_js_1.tensorFromTexture)(texture, options);
	    }
	    static fromGpuBuffer(gpuBuffer, options) {
	        return (0, tensor_factory_impl_js_1.tensorFromGpuBuffer)(gpuBuffer, options);
	    }
	    static fromMLTensor(mlTensor, options) {
	        return (0, tensor_factory_impl_js_1.tensorFromMLTensor)(mlTensor, options);
	    }
	    static fromPinnedBuffer(type, buffer, dims) {
	        return (0, tensor_factory_impl_js_1.tensorFromPinnedBuffer)(type, buffer, dims);
	    }
	    // #endregion
	    // #region conversions
	    toDataURL(options) {
	        return (0, tensor_conversion_impl_js_1.tensorToDataURL)(this, options);
	    }
	    toImageData(options) {
	        return (0, tensor_conversion_impl_js_1.tensorToImageData)(this, options);
	    }
	    // #endregion
	    // #region properties
	    get data() {
	        this.ensureValid();
	        if (!this.cpuData) {
	            throw new Error('The data is not on CPU. Use `getData()` to download GPU data to CPU, ' +
	                'or use `texture` or `gpuBuffer` property to access the GPU data directly.');
	        }
	        return this.cpuData;
	    }
	    get location() {
	        return this.dataLocation;
	    }
	    get texture() {
	        this.ensureValid();
	        if (!this.gpuTextureData) {
	            throw new Error('The data is not stored as a WebGL texture.');
	        }
	        return this.gpuTextureData;
	    }
	    get gpuBuffer() {
	        this.ensureValid();
	        if (!this.gpuBufferData) {
	            throw new Error('The data is not stored as a WebGPU buffer.');
	        }
	        return this.gpuBufferData;
	    }
	    get mlTensor() {
	        this.ensureValid();
	        if (!this.mlTensorData) {
	            throw new Error('The data is not stored as a WebNN MLTensor.');
	        }
	        return this.mlTensorData;
	    }
	    // #endregion
	    // #region methods
	    async getData(releaseData) {
	        this.ensureValid();
	        switch (this.dataLocation) {
	            case 'cpu':
	            case 'cpu-pinned':
	                return this.data;
	            case 'texture':
	            case 'gpu-buffer':
	            case 'ml-tensor': {
	                if (!this.downloader) {
	                    throw new Error('The current tensor is not created with a specified data downloader.');
	                }
	                if (this.isDownloading) {
	                    throw new Error('The current tensor is being downloaded.');
	                }
	                try {
	                    this.isDownloading = true;
	                    const data = await this.downloader();
	                    this.downloader = undefined;
	                    this.dataLocation = 'cpu';
	                    this.cpuData = data;
	                    if (releaseData && this.disposer) {
	                        this.disposer();
	                        this.disposer = undefined;
	                    }
	                    return data;
	                }
	                finally {
	                    this.isDownloading = false;
	                }
	            }
	            default:
	                throw new Error(`cannot get data from location: ${this.dataLocation}`);
	        }
	    }
	    dispose() {
	        if (this.isDownloading) {
	            throw new Error('The current tensor is being downloaded.');
	        }
	        if (this.disposer) {
	            this.disposer();
	            this.disposer = undefined;
	        }
	        this.cpuData = undefined;
	        this.gpuTextureData = undefined;
	        this.gpuBufferData = undefined;
	        this.mlTensorData = undefined;
	        this.downloader = undefined;
	        this.isDownloading = undefined;
	        this.dataLocation = 'none';
	    }
	    // #endregion
	    // #region tensor utilities
	    ensureValid() {
	        if (this.dataLocation === 'none') {
	            throw new Error('The tensor is disposed.');
	        }
	    }
	    reshape(dims) {
	        this.ensureValid();
	        if (this.downloader || this.disposer) {
	            throw new Error('Cannot reshape a tensor that owns GPU resource.');
	        }
	        return (0, tensor_utils_impl_js_1.tensorReshape)(this, dims);
	    }
	}
	tensorImpl.Tensor = Tensor;
	
	return tensorImpl;
}

var hasRequiredTensor;

function requireTensor () {
	if (hasRequiredTensor) return tensor;
	hasRequiredTensor = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(tensor, "__esModule", { value: true });
	tensor.Tensor = void 0;
	const tensor_impl_js_1 = requireTensorImpl();
	// eslint-disable-next-line @typescript-eslint/naming-convention
	tensor.Tensor = tensor_impl_js_1.Tensor;
	
	return tensor;
}

var trace = {};

var hasRequiredTrace;

function requireTrace () {
	if (hasRequiredTrace) return trace;
	hasRequiredTrace = 1;
	(function (exports) {
		// Copyright (c) Microsoft Corporation. All rights reserved.
		// Licensed under the MIT License.
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.TRACE_EVENT_END = exports.TRACE_EVENT_BEGIN = exports.TRACE_FUNC_END = exports.TRACE_FUNC_BEGIN = exports.TRACE = void 0;
		const env_impl_js_1 = requireEnvImpl();
		/**
		 * @ignore
		 */
		const TRACE = (deviceType, label) => {
		    if (typeof env_impl_js_1.env.trace === 'undefined' ? !env_impl_js_1.env.wasm.trace : !env_impl_js_1.env.trace) {
		        return;
		    }
		    // eslint-disable-next-line no-console
		    console.timeStamp(`${deviceType}::ORT::${label}`);
		};
		exports.TRACE = TRACE;
		const TRACE_FUNC = (msg, extraMsg) => {
		    const stack = new Error().stack?.split(/\r\n|\r|\n/g) || [];
		    let hasTraceFunc = false;
		    for (let i = 0; i < stack.length; i++) {
		        if (hasTraceFunc && !stack[i].includes('TRACE_FUNC')) {
		            let label = `FUNC_${msg}::${stack[i].trim().split(' ')[1]}`;
		            if (extraMsg) {
		                label += `::${extraMsg}`;
		            }
		            (0, exports.TRACE)('CPU', label);
		            return;
		        }
		        if (stack[i].includes('TRACE_FUNC')) {
		            hasTraceFunc = true;
		        }
		    }
		};
		/**
		 * @ignore
		 */
		const TRACE_FUNC_BEGIN = (extraMsg) => {
		    if (typeof env_impl_js_1.env.trace === 'undefined' ? !env_impl_js_1.env.wasm.trace : !env_impl_js_1.env.trace) {
		        return;
		    }
		    TRACE_FUNC('BEGIN', extraMsg);
		};
		exports.TRACE_FUNC_BEGIN = TRACE_FUNC_BEGIN;
		/**
		 * @ignore
		 */
		const TRACE_FUNC_END = (extraMsg) => {
		    if (typeof env_impl_js_1.env.trace === 'undefined' ? !env_impl_js_1.env.wasm.trace : !env_impl_js_1.env.trace) {
		        return;
		    }
		    TRACE_FUNC('END', extraMsg);
		};
		exports.TRACE_FUNC_END = TRACE_FUNC_END;
		/**
		 * @ignore
		 */
		const TRACE_EVENT_BEGIN = (extraMsg) => {
		    if (typeof env_impl_js_1.env.trace === 'undefined' ? !env_impl_js_1.env.wasm.trace : !env_impl_js_1.env.trace) {
		        return;
		    }
		    // eslint-disable-next-line no-console
		    console.time(`ORT::${extraMsg}`);
		};
		exports.TRACE_EVENT_BEGIN = TRACE_EVENT_BEGIN;
		/**
		 * @ignore
		 */
		const TRACE_EVENT_END = (extraMsg) => {
		    if (typeof env_impl_js_1.env.trace === 'undefined' ? !env_impl_js_1.env.wasm.trace : !env_impl_js_1.env.trace) {
		        return;
		    }
		    // eslint-disable-next-line no-console
		    console.timeEnd(`ORT::${extraMsg}`);
		};
		exports.TRACE_EVENT_END = TRACE_EVENT_END;
		
	} (trace));
	return trace;
}

var hasRequiredInferenceSessionImpl;

function requireInferenceSessionImpl () {
	if (hasRequiredInferenceSessionImpl) return inferenceSessionImpl;
	hasRequiredInferenceSessionImpl = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(inferenceSessionImpl, "__esModule", { value: true });
	inferenceSessionImpl.InferenceSession = void 0;
	const backend_impl_js_1 = requireBackendImpl();
	const tensor_js_1 = requireTensor();
	const trace_js_1 = requireTrace();
	class InferenceSession {
	    constructor(handler) {
	        this.handler = handler;
	    }
	    async run(feeds, arg1, arg2) {
	        (0, trace_js_1.TRACE_FUNC_BEGIN)();
	        (0, trace_js_1.TRACE_EVENT_BEGIN)('InferenceSession.run');
	        const fetches = {};
	        let options = {};
	        // check inputs
	        if (typeof feeds !== 'object' || feeds === null || feeds instanceof tensor_js_1.Tensor || Array.isArray(feeds)) {
	            throw new TypeError("'feeds' must be an object that use input names as keys and OnnxValue as corresponding values.");
	        }
	        let isFetchesEmpty = true;
	        // determine which override is being used
	        if (typeof arg1 === 'object') {
	            if (arg1 === null) {
	                throw new TypeError('Unexpected argument[1]: cannot be null.');
	            }
	            if (arg1 instanceof tensor_js_1.Tensor) {
	                throw new TypeError("'fetches' cannot be a Tensor");
	            }
	            if (Array.isArray(arg1)) {
	                if (arg1.length === 0) {
	                    throw new TypeError("'fetches' cannot be an empty array.");
	                }
	                isFetchesEmpty = false;
	                // output names
	                for (const name of arg1) {
	                    if (typeof name !== 'string') {
	                        throw new TypeError("'fetches' must be a string array or an object.");
	                    }
	                    if (this.outputNames.indexOf(name) === -1) {
	                        throw new RangeError(`'fetches' contains invalid output name: ${name}.`);
	                    }
	                    fetches[name] = null;
	                }
	                if (typeof arg2 === 'object' && arg2 !== null) {
	                    options = arg2;
	                }
	                else if (typeof arg2 !== 'undefined') {
	                    throw new TypeError("'options' must be an object.");
	                }
	            }
	            else {
	                // decide whether arg1 is fetches or options
	                // if any output name is present and its value is valid OnnxValue, we consider it fetches
	                let isFetches = false;
	                const arg1Keys = Object.getOwnPropertyNames(arg1);
	                for (const name of this.outputNames) {
	                    if (arg1Keys.indexOf(name) !== -1) {
	                        const v = arg1[name];
	                        if (v === null || v instanceof tensor_js_1.Tensor) {
	                            isFetches = true;
	                            isFetchesEmpty = false;
	                            fetches[name] = v;
	                        }
	                    }
	                }
	                if (isFetches) {
	                    if (typeof arg2 === 'object' && arg2 !== null) {
	                        options = arg2;
	                    }
	                    else if (typeof arg2 !== 'undefined') {
	                        throw new TypeError("'options' must be an object.");
	                    }
	                }
	                else {
	                    options = arg1;
	                }
	            }
	        }
	        else if (typeof arg1 !== 'undefined') {
	            throw new TypeError("Unexpected argument[1]: must be 'fetches' or 'options'.");
	        }
	        // check if all inputs are in feed
	        for (const name of this.inputNames) {
	            if (typeof feeds[name] === 'undefined') {
	                throw new Error(`input '${name}' is missing in 'feeds'.`);
	            }
	        }
	        // if no fetches is specified, we use the full output names list
	        if (isFetchesEmpty) {
	            for (const name of this.outputNames) {
	                fetches[name] = null;
	            }
	        }
	        // feeds, fetches and options are prepared
	        const results = await this.handler.run(feeds, fetches, options);
	        const returnValue = {};
	        for (const key in results) {
	            if (Object.hasOwnProperty.call(results, key)) {
	                const result = results[key];
	                if (result instanceof tensor_js_1.Tensor) {
	                    returnValue[key] = result;
	                }
	                else {
	                    returnValue[key] = new tensor_js_1.Tensor(result.type, result.data, result.dims);
	                }
	            }
	        }
	        (0, trace_js_1.TRACE_EVENT_END)('InferenceSession.run');
	        (0, trace_js_1.TRACE_FUNC_END)();
	        return returnValue;
	    }
	    async release() {
	        return this.handler.dispose();
	    }
	    static async create(arg0, arg1, arg2, arg3) {
	        (0, trace_js_1.TRACE_FUNC_BEGIN)();
	        (0, trace_js_1.TRACE_EVENT_BEGIN)('InferenceSession.create');
	        // either load from a file or buffer
	        let filePathOrUint8Array;
	        let options = {};
	        if (typeof arg0 === 'string') {
	            filePathOrUint8Array = arg0;
	            if (typeof arg1 === 'object' && arg1 !== null) {
	                options = arg1;
	            }
	            else if (typeof arg1 !== 'undefined') {
	                throw new TypeError("'options' must be an object.");
	            }
	        }
	        else if (arg0 instanceof Uint8Array) {
	            filePathOrUint8Array = arg0;
	            if (typeof arg1 === 'object' && arg1 !== null) {
	                options = arg1;
	            }
	            else if (typeof arg1 !== 'undefined') {
	                throw new TypeError("'options' must be an object.");
	            }
	        }
	        else if (arg0 instanceof ArrayBuffer ||
	            (typeof SharedArrayBuffer !== 'undefined' && arg0 instanceof SharedArrayBuffer)) {
	            const buffer = arg0;
	            let byteOffset = 0;
	            let byteLength = arg0.byteLength;
	            if (typeof arg1 === 'object' && arg1 !== null) {
	                options = arg1;
	            }
	            else if (typeof arg1 === 'number') {
	                byteOffset = arg1;
	                if (!Number.isSafeInteger(byteOffset)) {
	                    throw new RangeError("'byteOffset' must be an integer.");
	                }
	                if (byteOffset < 0 || byteOffset >= buffer.byteLength) {
	                    throw new RangeError(`'byteOffset' is out of range [0, ${buffer.byteLength}).`);
	                }
	                byteLength = arg0.byteLength - byteOffset;
	                if (typeof arg2 === 'number') {
	                    byteLength = arg2;
	                    if (!Number.isSafeInteger(byteLength)) {
	                        throw new RangeError("'byteLength' must be an integer.");
	                    }
	                    if (byteLength <= 0 || byteOffset + byteLength > buffer.byteLength) {
	                        throw new RangeError(`'byteLength' is out of range (0, ${buffer.byteLength - byteOffset}].`);
	                    }
	                    if (typeof arg3 === 'object' && arg3 !== null) {
	                        options = arg3;
	                    }
	                    else if (typeof arg3 !== 'undefined') {
	                        throw new TypeError("'options' must be an object.");
	                    }
	                }
	                else if (typeof arg2 !== 'undefined') {
	                    throw new TypeError("'byteLength' must be a number.");
	                }
	            }
	            else if (typeof arg1 !== 'undefined') {
	                throw new TypeError("'options' must be an object.");
	            }
	            filePathOrUint8Array = new Uint8Array(buffer, byteOffset, byteLength);
	        }
	        else {
	            throw new TypeError("Unexpected argument[0]: must be 'path' or 'buffer'.");
	        }
	        // resolve backend, update session options with validated EPs, and create session handler
	        const [backend, optionsWithValidatedEPs] = await (0, backend_impl_js_1.resolveBackendAndExecutionProviders)(options);
	        const handler = await backend.createInferenceSessionHandler(filePathOrUint8Array, optionsWithValidatedEPs);
	        (0, trace_js_1.TRACE_EVENT_END)('InferenceSession.create');
	        (0, trace_js_1.TRACE_FUNC_END)();
	        return new InferenceSession(handler);
	    }
	    startProfiling() {
	        this.handler.startProfiling();
	    }
	    endProfiling() {
	        this.handler.endProfiling();
	    }
	    get inputNames() {
	        return this.handler.inputNames;
	    }
	    get outputNames() {
	        return this.handler.outputNames;
	    }
	    get inputMetadata() {
	        return this.handler.inputMetadata;
	    }
	    get outputMetadata() {
	        return this.handler.outputMetadata;
	    }
	}
	inferenceSessionImpl.InferenceSession = InferenceSession;
	
	return inferenceSessionImpl;
}

var hasRequiredInferenceSession;

function requireInferenceSession () {
	if (hasRequiredInferenceSession) return inferenceSession;
	hasRequiredInferenceSession = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(inferenceSession, "__esModule", { value: true });
	inferenceSession.InferenceSession = void 0;
	const inference_session_impl_js_1 = requireInferenceSessionImpl();
	// eslint-disable-next-line @typescript-eslint/naming-convention
	inferenceSession.InferenceSession = inference_session_impl_js_1.InferenceSession;
	
	return inferenceSession;
}

var tensorConversion = {};

var hasRequiredTensorConversion;

function requireTensorConversion () {
	if (hasRequiredTensorConversion) return tensorConversion;
	hasRequiredTensorConversion = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(tensorConversion, "__esModule", { value: true });
	
	return tensorConversion;
}

var tensorFactory = {};

var hasRequiredTensorFactory;

function requireTensorFactory () {
	if (hasRequiredTensorFactory) return tensorFactory;
	hasRequiredTensorFactory = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(tensorFactory, "__esModule", { value: true });
	
	return tensorFactory;
}

var onnxModel = {};

var hasRequiredOnnxModel;

function requireOnnxModel () {
	if (hasRequiredOnnxModel) return onnxModel;
	hasRequiredOnnxModel = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(onnxModel, "__esModule", { value: true });
	
	return onnxModel;
}

var onnxValue = {};

var hasRequiredOnnxValue;

function requireOnnxValue () {
	if (hasRequiredOnnxValue) return onnxValue;
	hasRequiredOnnxValue = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(onnxValue, "__esModule", { value: true });
	
	return onnxValue;
}

var hasRequiredCjs;

function requireCjs () {
	if (hasRequiredCjs) return cjs;
	hasRequiredCjs = 1;
	(function (exports) {
		// Copyright (c) Microsoft Corporation. All rights reserved.
		// Licensed under the MIT License.
		var __createBinding = (cjs && cjs.__createBinding) || (Object.create ? (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    var desc = Object.getOwnPropertyDescriptor(m, k);
		    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
		      desc = { enumerable: true, get: function() { return m[k]; } };
		    }
		    Object.defineProperty(o, k2, desc);
		}) : (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    o[k2] = m[k];
		}));
		var __exportStar = (cjs && cjs.__exportStar) || function(m, exports) {
		    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
		};
		Object.defineProperty(exports, "__esModule", { value: true });
		/**
		 * # ONNX Runtime JavaScript API
		 *
		 * ONNX Runtime JavaScript API is a unified API for all JavaScript usages, including the following NPM packages:
		 *
		 * - [onnxruntime-node](https://www.npmjs.com/package/onnxruntime-node)
		 * - [onnxruntime-web](https://www.npmjs.com/package/onnxruntime-web)
		 * - [onnxruntime-react-native](https://www.npmjs.com/package/onnxruntime-react-native)
		 *
		 * See also:
		 * - [Get Started](https://onnxruntime.ai/docs/get-started/with-javascript/)
		 * - [Inference examples](https://github.com/microsoft/onnxruntime-inference-examples/tree/main/js)
		 *
		 * @packageDocumentation
		 */
		__exportStar(requireBackend$1(), exports);
		__exportStar(requireEnv(), exports);
		__exportStar(requireInferenceSession(), exports);
		__exportStar(requireTensor(), exports);
		__exportStar(requireTensorConversion(), exports);
		__exportStar(requireTensorFactory(), exports);
		__exportStar(requireTrace(), exports);
		__exportStar(requireOnnxModel(), exports);
		__exportStar(requireOnnxValue(), exports);
		
	} (cjs));
	return cjs;
}

var backend = {};

var binding = {};

var hasRequiredBinding;

function requireBinding () {
	if (hasRequiredBinding) return binding;
	hasRequiredBinding = 1;
	(function (exports) {
		// Copyright (c) Microsoft Corporation. All rights reserved.
		// Licensed under the MIT License.
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.initOrt = exports.binding = void 0;
		const worker_threads_1 = require$$0$2;
		const onnxruntime_common_1 = requireCjs();
		// export native binding
		exports.binding = 
		// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
		(() => { try { return __modelGateRequire(`./bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node`) } catch (e) { const fail = function () { throw e }; return new Proxy({}, { get: (_, k) => (k === "listSupportedBackends" ? () => [] : fail) }) } })();
		let ortInitialized = false;
		const initOrt = () => {
		    if (!ortInitialized) {
		        ortInitialized = true;
		        let logLevel = 2;
		        if (onnxruntime_common_1.env.logLevel) {
		            switch (onnxruntime_common_1.env.logLevel) {
		                case 'verbose':
		                    logLevel = 0;
		                    break;
		                case 'info':
		                    logLevel = 1;
		                    break;
		                case 'warning':
		                    logLevel = 2;
		                    break;
		                case 'error':
		                    logLevel = 3;
		                    break;
		                case 'fatal':
		                    logLevel = 4;
		                    break;
		                default:
		                    throw new Error(`Unsupported log level: ${onnxruntime_common_1.env.logLevel}`);
		            }
		        }
		        exports.binding.initOrtOnce(logLevel, onnxruntime_common_1.Tensor, worker_threads_1.isMainThread);
		    }
		};
		exports.initOrt = initOrt;
		
	} (binding));
	return binding;
}

var hasRequiredBackend;

function requireBackend () {
	if (hasRequiredBackend) return backend;
	hasRequiredBackend = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	var __classPrivateFieldSet = (backend && backend.__classPrivateFieldSet) || function (receiver, state, value, kind, f) {
	    if (kind === "m") throw new TypeError("Private method is not writable");
	    if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a setter");
	    if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot write private member to an object whose class did not declare it");
	    return (kind === "a" ? f.call(receiver, value) : f ? f.value = value : state.set(receiver, value)), value;
	};
	var __classPrivateFieldGet = (backend && backend.__classPrivateFieldGet) || function (receiver, state, kind, f) {
	    if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a getter");
	    if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot read private member from an object whose class did not declare it");
	    return kind === "m" ? f : kind === "a" ? f.call(receiver) : f ? f.value : state.get(receiver);
	};
	var _OnnxruntimeSessionHandler_inferenceSession;
	Object.defineProperty(backend, "__esModule", { value: true });
	backend.listSupportedBackends = backend.onnxruntimeBackend = void 0;
	const binding_1 = requireBinding();
	const dataTypeStrings = [
	    undefined, // 0
	    'float32',
	    'uint8',
	    'int8',
	    'uint16',
	    'int16',
	    'int32',
	    'int64',
	    'string',
	    'bool',
	    'float16',
	    'float64',
	    'uint32',
	    'uint64',
	    undefined, // 14
	    undefined, // 15
	    undefined, // 16
	    undefined, // 17
	    undefined, // 18
	    undefined, // 19
	    undefined, // 20
	    'uint4',
	    'int4',
	];
	class OnnxruntimeSessionHandler {
	    constructor(pathOrBuffer, options) {
	        _OnnxruntimeSessionHandler_inferenceSession.set(this, void 0);
	        (0, binding_1.initOrt)();
	        __classPrivateFieldSet(this, _OnnxruntimeSessionHandler_inferenceSession, new binding_1.binding.InferenceSession(), "f");
	        if (typeof pathOrBuffer === 'string') {
	            __classPrivateFieldGet(this, _OnnxruntimeSessionHandler_inferenceSession, "f").loadModel(pathOrBuffer, options);
	        }
	        else {
	            __classPrivateFieldGet(this, _OnnxruntimeSessionHandler_inferenceSession, "f").loadModel(pathOrBuffer.buffer, pathOrBuffer.byteOffset, pathOrBuffer.byteLength, options);
	        }
	        // prepare input/output names and metadata
	        this.inputNames = [];
	        this.outputNames = [];
	        this.inputMetadata = [];
	        this.outputMetadata = [];
	        // this function takes raw metadata from binding and returns a tuple of the following 2 items:
	        // - an array of string representing names
	        // - an array of converted InferenceSession.ValueMetadata
	        const fillNamesAndMetadata = (rawMetadata) => {
	            const names = [];
	            const metadata = [];
	            for (const m of rawMetadata) {
	                names.push(m.name);
	                if (!m.isTensor) {
	                    metadata.push({ name: m.name, isTensor: false });
	                }
	                else {
	                    const type = dataTypeStrings[m.type];
	                    if (type === undefined) {
	                        throw new Error(`Unsupported data type: ${m.type}`);
	                    }
	                    const shape = [];
	                    for (let i = 0; i < m.shape.length; ++i) {
	                        const dim = m.shape[i];
	                        if (dim === -1) {
	                            shape.push(m.symbolicDimensions[i]);
	                        }
	                        else if (dim >= 0) {
	                            shape.push(dim);
	                        }
	                        else {
	                            throw new Error(`Invalid dimension: ${dim}`);
	                        }
	                    }
	                    metadata.push({
	                        name: m.name,
	                        isTensor: m.isTensor,
	                        type,
	                        shape,
	                    });
	                }
	            }
	            return [names, metadata];
	        };
	        [this.inputNames, this.inputMetadata] = fillNamesAndMetadata(__classPrivateFieldGet(this, _OnnxruntimeSessionHandler_inferenceSession, "f").inputMetadata);
	        [this.outputNames, this.outputMetadata] = fillNamesAndMetadata(__classPrivateFieldGet(this, _OnnxruntimeSessionHandler_inferenceSession, "f").outputMetadata);
	    }
	    async dispose() {
	        __classPrivateFieldGet(this, _OnnxruntimeSessionHandler_inferenceSession, "f").dispose();
	    }
	    startProfiling() {
	        // startProfiling is a no-op.
	        //
	        // if sessionOptions.enableProfiling is true, profiling will be enabled when the model is loaded.
	    }
	    endProfiling() {
	        __classPrivateFieldGet(this, _OnnxruntimeSessionHandler_inferenceSession, "f").endProfiling();
	    }
	    async run(feeds, fetches, options) {
	        return new Promise((resolve, reject) => {
	            setImmediate(() => {
	                try {
	                    resolve(__classPrivateFieldGet(this, _OnnxruntimeSessionHandler_inferenceSession, "f").run(feeds, fetches, options));
	                }
	                catch (e) {
	                    // reject if any error is thrown
	                    reject(e);
	                }
	            });
	        });
	    }
	}
	_OnnxruntimeSessionHandler_inferenceSession = new WeakMap();
	class OnnxruntimeBackend {
	    async init() {
	        return Promise.resolve();
	    }
	    async createInferenceSessionHandler(pathOrBuffer, options) {
	        return new Promise((resolve, reject) => {
	            setImmediate(() => {
	                try {
	                    resolve(new OnnxruntimeSessionHandler(pathOrBuffer, options || {}));
	                }
	                catch (e) {
	                    // reject if any error is thrown
	                    reject(e);
	                }
	            });
	        });
	    }
	}
	backend.onnxruntimeBackend = new OnnxruntimeBackend();
	backend.listSupportedBackends = binding_1.binding.listSupportedBackends;
	
	return backend;
}

var version = {};

var hasRequiredVersion;

function requireVersion () {
	if (hasRequiredVersion) return version;
	hasRequiredVersion = 1;
	// Copyright (c) Microsoft Corporation. All rights reserved.
	// Licensed under the MIT License.
	Object.defineProperty(version, "__esModule", { value: true });
	version.version = void 0;
	// This file is generated by /js/scripts/update-version.ts
	// Do not modify file content manually.
	version.version = '1.30.0';
	
	return version;
}

var hasRequiredDist;

function requireDist () {
	if (hasRequiredDist) return dist;
	hasRequiredDist = 1;
	(function (exports) {
		// Copyright (c) Microsoft Corporation. All rights reserved.
		// Licensed under the MIT License.
		var __createBinding = (dist && dist.__createBinding) || (Object.create ? (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    var desc = Object.getOwnPropertyDescriptor(m, k);
		    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
		      desc = { enumerable: true, get: function() { return m[k]; } };
		    }
		    Object.defineProperty(o, k2, desc);
		}) : (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    o[k2] = m[k];
		}));
		var __exportStar = (dist && dist.__exportStar) || function(m, exports) {
		    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
		};
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.listSupportedBackends = void 0;
		__exportStar(requireCjs(), exports);
		var backend_1 = requireBackend();
		Object.defineProperty(exports, "listSupportedBackends", { enumerable: true, get: function () { return backend_1.listSupportedBackends; } });
		const onnxruntime_common_1 = requireCjs();
		const version_1 = requireVersion();
		const backend_2 = requireBackend();
		const backends = (0, backend_2.listSupportedBackends)();
		for (const backend of backends) {
		    (0, onnxruntime_common_1.registerBackend)(backend.name, backend_2.onnxruntimeBackend, 100);
		}
		Object.defineProperty(onnxruntime_common_1.env.versions, 'node', { value: version_1.version, enumerable: true });
		
	} (dist));
	return dist;
}

var distExports = requireDist();

const CUDA_RUNTIME_LIBRARIES = [
    { soname: 'libcudart.so.12', what: 'CUDA 12 runtime', apt: 'cuda-cudart-12-x', pip: 'nvidia-cuda-runtime-cu12' },
    { soname: 'libcublas.so.12', what: 'cuBLAS 12', apt: 'libcublas-12-x', pip: 'nvidia-cublas-cu12' },
    { soname: 'libcublasLt.so.12', what: 'cuBLASLt 12', apt: 'libcublas-12-x', pip: 'nvidia-cublas-cu12' },
    { soname: 'libcurand.so.10', what: 'cuRAND (CUDA 12)', apt: 'libcurand-12-x', pip: 'nvidia-curand-cu12' },
    { soname: 'libcufft.so.11', what: 'cuFFT (CUDA 12)', apt: 'libcufft-12-x', pip: 'nvidia-cufft-cu12' },
    { soname: 'libcudnn.so.9', what: 'cuDNN 9', apt: 'libcudnn9-cuda-12', pip: 'nvidia-cudnn-cu12' }
];
const dlopenable = (soname) => {
    try {
        process.dlopen({ exports: {} }, soname);
        return true; // a Node addon by that name: present too
    }
    catch (e) {
        return /did not self-register/i.test(e.message);
    }
};
function missingLibraries(load = dlopenable) {
    return CUDA_RUNTIME_LIBRARIES.filter((lib) => !load(lib.soname));
}
/** "libcudnn.so.9 (cuDNN 9) … are not found by the dynamic loader: install …". */
function describeMissing(missing) {
    const uniq = (xs) => [...new Set(xs)].join(' ');
    return (`the CUDA 12 / cuDNN 9 runtime libraries ${missing.map((l) => `${l.soname} (${l.what})`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not found by the dynamic loader: ` +
        `install them (apt, from NVIDIA's CUDA repository: ${uniq(missing.map((l) => l.apt))}; or pip: ${uniq(missing.map((l) => l.pip))} and put their lib folders on LD_LIBRARY_PATH), ` +
        `or run the job in an nvidia/cuda:12.x-cudnn-runtime container (docs/workflows/gpu.yml)`);
}

/**
 * Is there an NVIDIA GPU with a driver new enough for CUDA 12? Read from /proc/driver/nvidia (no
 * process to start), else from nvidia-smi. MODEL_GATE_TEST_FAKE_GPU is a hook for model-gate's own
 * tests only (there is no GPU where they run): `none` pretends there is none, a version such as
 * `550.54.15` pretends a GPU with that driver. Users never need it.
 */
const FAKE_GPU_ENV = 'MODEL_GATE_TEST_FAKE_GPU';
/** CUDA 12.x runs on drivers from 525.60.13 on (NVIDIA's minor-version compatibility). */
const MIN_DRIVER = '525.60.13';
function newer(a, b) {
    const x = a.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        if ((x[i] ?? 0) !== (y[i] ?? 0))
            return (x[i] ?? 0) > (y[i] ?? 0);
    }
    return true;
}
function found(driver) {
    return { present: true, driver, tooOld: !newer(driver, MIN_DRIVER) };
}
function probeGpu(env = process.env) {
    const fake = env[FAKE_GPU_ENV]?.trim();
    if (fake)
        return fake === 'none' ? { present: false, why: `no NVIDIA GPU (${FAKE_GPU_ENV}=none)` } : found(fake);
    if (process.platform !== 'linux')
        return { present: false, why: `no CUDA provider for ${process.platform}` };
    try {
        const m = /Kernel Module\s+(?:for\s+\S+\s+)?(\d+\.\d+(?:\.\d+)?)/.exec(readFileSync('/proc/driver/nvidia/version', 'utf8'));
        if (m)
            return found(m[1]);
    }
    catch {
        // no driver loaded in this kernel, or a container without /proc/driver/nvidia: ask nvidia-smi
    }
    // looked up first: starting a process only to learn it is not there costs every CPU run ~2 ms
    if (!onPath('nvidia-smi', env))
        return noGpu();
    try {
        const out = execFileSync('nvidia-smi', ['--query-gpu=driver_version', '--format=csv,noheader'], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'], env });
        const v = /(\d+\.\d+(?:\.\d+)?)/.exec(out);
        if (v)
            return found(v[1]);
        return { present: false, why: `nvidia-smi lists no GPU` };
    }
    catch (e) {
        const err = e;
        if (err.code === 'ENOENT')
            return noGpu();
        const said = `${err.stdout ?? ''}`.trim().split('\n')[0] || err.message.split('\n')[0];
        return { present: false, why: `nvidia-smi finds no working NVIDIA driver (${said})` };
    }
}
function noGpu() {
    return { present: false, why: `no NVIDIA GPU here (${existsSync('/proc/driver/nvidia') ? '/proc/driver/nvidia has no driver version' : 'no /proc/driver/nvidia'}, no nvidia-smi on PATH)` };
}
function onPath(command, env) {
    for (const dir of (env.PATH ?? '').split(path.delimiter)) {
        if (!dir)
            continue;
        try {
            accessSync(path.join(dir, command), constants.X_OK);
            return true;
        }
        catch {
            // not in this folder
        }
    }
    return false;
}

/**
 * The Runtime backed by onnxruntime-node. CUDA is asked for only when an NVIDIA GPU, a recent
 * enough driver and the CUDA 12 / cuDNN 9 libraries are there, and onnxruntime's CUDA provider sits
 * next to libonnxruntime (installed at run time by src/cuda/provision.ts when it does not);
 * `auto` falls back to CPU and says why, once; explicit `cuda` fails with what to do.
 */
const CUDA_LIBS = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'];
/** The folder holding the native binding: dist/bin/… in the bundle, node_modules/… from sources. */
function nativeDir() {
    const rel = path.join('bin', 'napi-v6', process.platform, process.arch);
    const bundled = path.join(path.dirname(fileURLToPath(import.meta.url)), rel);
    if (existsSync(bundled))
        return bundled;
    try {
        const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
        return path.join(path.dirname(pkg), rel);
    }
    catch {
        return bundled;
    }
}
class OnnxRuntime {
    options;
    /** Decided once per run: the baseline model loads through here too, and must not say it again. */
    cuda;
    fellBack = false;
    constructor(options = {}) {
        this.options = options;
    }
    async load(modelPath, device, log, input = 'model', bytes) {
        if (!existsSync(modelPath))
            throw new ModelError(`${input}: ${modelPath} does not exist; check the path, relative to the workspace`, input);
        const dir = nativeDir();
        if (!existsSync(path.join(dir, 'onnxruntime_binding.node'))) {
            throw new ModelError(`device: this build of model-gate has no onnxruntime binding for ${process.platform}/${process.arch} (dist/ ships linux/x64 and linux/arm64); run the job on a Linux runner`, 'device');
        }
        if (device.kind === 'cpu' || (device.kind === 'auto' && this.fellBack))
            return this.create(modelPath, 'cpu', input, 0, bytes);
        const name = device.kind === 'auto' ? 'auto' : `'cuda:${device.deviceId}'`;
        try {
            await (this.cuda ??= this.prepareCuda(dir, log));
        }
        catch (e) {
            if (!(e instanceof CudaUnavailable))
                throw e;
            if (device.kind === 'auto') {
                this.fellBack = true;
                log.info(`device auto: running on CPU: ${e.message}`);
                return this.create(modelPath, 'cpu', input, 0, bytes);
            }
            throw new ModelError(`device ${name} cannot use CUDA: ${e.message}; or use device: auto or cpu`, 'device');
        }
        if (device.kind === 'auto') {
            try {
                const session = await this.create(modelPath, 'cuda', input, 0, bytes);
                log.info('device auto: running on CUDA device 0');
                return session;
            }
            catch (e) {
                if (!(e instanceof CudaUnavailable))
                    throw e;
                this.fellBack = true;
                log.info(`device auto: running on CPU: ${e.message}`);
                return this.create(modelPath, 'cpu', input, 0, bytes);
            }
        }
        try {
            return await this.create(modelPath, 'cuda', input, device.deviceId, bytes);
        }
        catch (e) {
            if (e instanceof CudaUnavailable)
                throw new ModelError(`device ${name} cannot use CUDA: ${e.message}; or use device: auto or cpu`, 'device');
            throw e;
        }
    }
    /** Throws CudaUnavailable with the reason when CUDA cannot be used; installs the provider if needed. */
    async prepareCuda(dir, log) {
        if (process.platform !== 'linux' || process.arch !== 'x64') {
            throw new CudaUnavailable(`onnxruntime-node's CUDA provider exists for linux/x64 only, this is ${process.platform}/${process.arch}`);
        }
        const gpu = probeGpu();
        if (!gpu.present)
            throw new CudaUnavailable(gpu.why);
        if (gpu.tooOld)
            throw new CudaUnavailable(`the NVIDIA driver is ${gpu.driver}, too old for CUDA 12 (needs ${MIN_DRIVER} or newer): update the driver`);
        const missing = missingLibraries();
        if (missing.length > 0)
            throw new CudaUnavailable(describeMissing(missing));
        if (CUDA_LIBS.every((lib) => existsSync(path.join(dir, lib))))
            return;
        const source = this.options.cudaProvider ?? { kind: 'auto' };
        if (source.kind === 'none') {
            throw new CudaUnavailable(`cuda-provider is none and ${CUDA_LIBS.join(', ')} are not in ${dir}; put them there, or set cuda-provider to auto, a URL or a path`);
        }
        // @actions/tool-cache and its HTTP client load only here
        const { provision } = await import('./provision.js');
        await provision(source, dir, log);
    }
    /** @param bytes the model file as already read and hashed, so it is not read a second time */
    async create(modelPath, provider, input, deviceId = 0, bytes) {
        let session;
        try {
            const options = {
                executionProviders: provider === 'cuda' ? [{ name: 'cuda', deviceId }] : ['cpu'],
                graphOptimizationLevel: 'all',
                logSeverityLevel: 3
            };
            session = bytes ? await distExports.InferenceSession.create(bytes, options) : await distExports.InferenceSession.create(modelPath, options);
        }
        catch (e) {
            // from the path once more: its error is the one users know, and a failure stays the model's, worded as before
            if (bytes)
                return this.create(modelPath, provider, input, deviceId);
            const msg = e.message.split('\n')[0].replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex -- strip the ANSI colours onnxruntime logs with
            if (provider === 'cuda')
                throw new CudaUnavailable(`onnxruntime could not start CUDA on device ${deviceId} (${msg}); check the GPU driver and the provider files`);
            throw new ModelError(`${input}: ${modelPath} is not a valid ONNX model onnxruntime can load (${msg}); export it again with torch.onnx.export or check the file`, input);
        }
        return new OrtSession(session, provider);
    }
}
function info(meta) {
    return meta.isTensor ? { name: meta.name, type: meta.type, shape: [...meta.shape] } : { name: meta.name, type: 'unknown', shape: [] };
}
class OrtSession {
    session;
    provider;
    version = distExports.env.versions.node;
    inputs;
    outputs;
    constructor(session, provider) {
        this.session = session;
        this.provider = provider;
        this.inputs = session.inputMetadata.map(info);
        this.outputs = session.outputMetadata.map(info);
    }
    async run(input, outputNames) {
        const inputs = Array.isArray(input) ? input : [input];
        const feeds = {};
        for (const t of inputs)
            feeds[t.name] = new distExports.Tensor(t.type, t.data, t.dims);
        let result;
        try {
            result = await this.session.run(feeds, outputNames);
        }
        catch (e) {
            const msg = e.message.split('\n')[0];
            const what = inputs.map((t) => `'${t.name}' of shape [${t.dims.join(', ')}]`).join(', ');
            throw new ModelError(`model rejected input ${what} (${msg}); check input-name, the test data shape and layout`, 'model');
        }
        finally {
            for (const t of Object.values(feeds))
                t.dispose();
        }
        const out = {};
        for (const [name, t] of Object.entries(result)) {
            out[name] = { type: t.type, dims: [...t.dims], data: t.data };
        }
        return out;
    }
    async release() {
        await this.session.release();
    }
}

/**
 * The baseline the gate compares with, whatever the task: another model run on the same test set
 * (so paired comparisons are possible), or the metrics.json of an earlier run.
 */
async function loadBaseline(task, ref, testSet, options, deps) {
    if (ref === undefined)
        return undefined;
    if (path.extname(ref).toLowerCase() === '.json') {
        return { source: ref, version: undefined, metrics: await task.readMetricsJson(ref), evaluation: undefined };
    }
    const resolved = await deps.models.resolve(ref, 'baseline');
    if (resolved === undefined) {
        deps.log.info(`baseline ${ref}: ${deps.models.absence ?? 'no such model yet (first run)'}; baseline checks pass`);
        return undefined;
    }
    const evaluation = await task.evaluate({ path: path.resolve(resolved.path), uri: resolved.uri }, testSet, { ...options, modelInput: 'baseline' }, deps.runtime, deps.log);
    deps.log.info(`baseline ${resolved.uri}${resolved.version ? ` (version ${resolved.version})` : ''}: ${task.describe(evaluation)}`);
    return { source: resolved.uri, version: resolved.version, metrics: task.metricsOf(evaluation), evaluation };
}

/** Class indices are held in Int32Arrays: anything above this would wrap, so it is refused instead. */
const MAX_CLASS_INDEX = 2 ** 31 - 1;
/** A number as text may name a class index only if it is a whole number, however it is written (1, 1.0, 1e0). */
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/**
 * What a stored label means to a classifier: whole numbers are class indices as they are, names go
 * through class-names. The readers hand labels over as stored; classification maps them here.
 */
class LabelMap {
    classNames;
    byName;
    constructor(classNames) {
        this.classNames = classNames;
        this.byName = classNames ? new Map(classNames.map((n, i) => [n, i])) : undefined;
    }
    /**
     * @param where the file and row the label came from, for the error (e.g. `data.csv line 7`)
     * @param written the label as written in the file, when `raw` lost it in parsing (JSON's 1e400)
     */
    toIndex(raw, sample, where = `sample ${sample}`, written) {
        if (typeof raw === 'bigint') {
            if (raw >= 0n && raw <= BigInt(this.limit()))
                return Number(raw);
            return this.refuse(where, written ?? raw.toString());
        }
        if (typeof raw === 'number') {
            if (Number.isInteger(raw) && raw >= 0 && raw <= this.limit())
                return raw;
            return this.refuse(where, written ?? String(raw));
        }
        const name = raw.trim();
        if (name === '')
            throw new DataError(`test-data: ${where} has an empty label; give every sample its class (an index, or a name with class-names)`, 'test-data');
        const known = this.byName?.get(name);
        if (known !== undefined)
            return known;
        if (NUMERIC.test(name)) {
            const v = Number(name);
            if (Number.isInteger(v) && v >= 0 && v <= this.limit())
                return v;
            return this.refuse(where, `'${written ?? name}'`);
        }
        if (this.byName) {
            throw new DataError(`test-data: ${where} has the label '${name}', which is not in class-names (${this.classNames.slice(0, 20).join(', ')}${this.classNames.length > 20 ? ', …' : ''}); fix the label or the class list`, 'class-names');
        }
        throw new DataError(`test-data: ${where} has the label name '${name}'; give class-names (a comma list or file, in the model's output order) so names map to class indices`, 'class-names');
    }
    /** The largest class index a label may be: the last class-name, else what an Int32Array holds. */
    limit() {
        return this.classNames ? this.classNames.length - 1 : MAX_CLASS_INDEX;
    }
    refuse(where, shown) {
        const range = this.classNames ? `from 0 to ${this.classNames.length - 1}, as class-names lists ${this.classNames.length} classes` : 'from 0 up to the number of classes';
        throw new DataError(`test-data: ${where} has the label ${shown}, which is not a class index (a whole number ${range}); fix that label, or map names with class-names`, 'test-data');
    }
    /** Class indices of a batch's labels, each checked as toIndex does, errors naming where the sample is. */
    toIndices(batch) {
        const out = new Int32Array(batch.labels.length);
        for (let i = 0; i < out.length; i++)
            out[i] = this.toIndex(batch.labels[i], batch.offset + i, batch.where?.(i), batch.written?.[i]);
        return out;
    }
}

/** Opens a test set by what the path is: .npz, .npy, .csv (and, from their readers, more). */
const TEST_DATA_FORMATS = '.npz, .npy (with labels), .csv, .jsonl, or an image folder (<root>/<class>/<image>, or images with a labels.csv)';
// Each format's reader is imported when a test set of that format is opened: a run loads and compiles
// only its own (an .npy gate does not parse the image, CSV, JSONL and tokenizer code at start-up).
async function openTestSet(options) {
    const file = options.testData;
    const info = await regularFile(file, { label: 'test-data', input: 'test-data', folder: true, error: DataError }).catch((e) => {
        if (e instanceof DataError && / \(no such file\)/.test(e.message))
            throw new DataError(`test-data: ${file} does not exist; check the path, relative to the workspace`, 'test-data');
        throw e;
    });
    const ext = path.extname(file).toLowerCase();
    if (info.isFile() && info.size === 0)
        throw new DataError(`test-data: ${file} is empty; point it at a non-empty test set`, 'test-data');
    if (info.isDirectory()) {
        const o = options;
        const { openImageFolder } = await import('./images.js');
        return openImageFolder(file, {
            imageSize: o.imageSize, crop: o.crop, mean: o.mean, std: o.std, layout: o.layout ?? 'NCHW', channels: o.channels, classNames: o.classNames, skipBadFiles: o.skipBadFiles ?? false
        });
    }
    if (info.isFile() && options.tokenizer !== undefined) {
        const { openTextSet } = await import('./text.js');
        return openTextSet(file, { tokenizer: options.tokenizer, textColumn: options.textColumn ?? 'text', labelColumn: options.labelColumn, maxLength: options.maxLength });
    }
    if (info.isFile()) {
        switch (ext) {
            case '.npz':
                return (await import('./arrays.js').then(function (n) { return n.c; })).openNpz(file, options.inputKey, options.labelKey, options.maxLength);
            case '.npy':
                return (await import('./arrays.js').then(function (n) { return n.c; })).openNpy(file, options.labels);
            case '.csv':
                return (await import('./csv.js')).openCsv(file, options);
            case '.jsonl':
            case '.ndjson':
                return (await import('./jsonl.js')).openJsonl(file, options);
        }
    }
    throw new DataError(`test-data: cannot read ${file}: use one of ${TEST_DATA_FORMATS}`, 'test-data');
}

/**
 * The gate decision: a pure function from metric values and thresholds to a verdict that lists
 * every check with its value, operator and threshold. It reads metrics only through lookups, so
 * it knows no task and no metric's internals.
 */
// Baseline comparisons subtract two measured values; allow for the rounding of that subtraction.
const ROUNDING = 1e-12;
function compare(value, op, threshold) {
    switch (op) {
        case '>=': return value >= threshold;
        case '>': return value > threshold;
        case '<=': return value <= threshold;
        case '<': return value < threshold;
    }
}
function decide(thresholds, current, baseline, significance) {
    const checks = [];
    for (const t of thresholds) {
        const value = current(t.metric);
        if (value === undefined) {
            throw new ThresholdError(`input 'thresholds' uses '${t.metric}', which this evaluation does not produce; remove it or check the class name, k or model kind`, 'thresholds');
        }
        if (t.kind === 'bound') {
            checks.push({ metric: t.metric, op: t.op, threshold: t.value, value, passed: compare(value, t.op, t.value) });
            continue;
        }
        const base = baseline?.(t.metric);
        const metric = `${t.metric}_vs_baseline`;
        // Positive `gain` is an improvement whichever direction the metric runs.
        const sign = LOWER_IS_BETTER.has(metricFamily(t.metric)) ? -1 : 1;
        const gain = base === undefined ? 0 : sign * (value - base);
        let sig;
        if (t.significance !== undefined && base !== undefined) {
            const s = significance?.(t.metric, t.significance);
            if (!s) {
                throw new ThresholdError(`input 'thresholds': '${metric}' asks for significance, which needs both models' per-sample outcomes on this test set; ` +
                    `give baseline as an .onnx path or a registry model (not a metrics.json), or drop significance`, 'thresholds');
            }
            sig = { ...s, alpha: t.significance };
        }
        const why = sig ? significanceNote(sig) : undefined;
        const first = { metric, value, baseline: null, passed: true, note: 'no baseline model yet: first run passes' };
        if (t.maxDrop !== undefined) {
            if (base === undefined)
                checks.push({ ...first, op: 'max_drop', threshold: t.maxDrop });
            else {
                const dropped = -gain > t.maxDrop + ROUNDING;
                // With significance, a drop beyond max_drop fails only when the test says it is real.
                const passed = !dropped || (sig !== undefined && !sig.significant);
                checks.push({ metric, op: 'max_drop', threshold: t.maxDrop, value, baseline: base, passed, ...(sig ? { significance: sig, note: why } : {}) });
            }
        }
        if (t.minGain !== undefined) {
            if (base === undefined)
                checks.push({ ...first, op: 'min_gain', threshold: t.minGain, value, baseline: null });
            else {
                const enough = gain >= t.minGain - ROUNDING;
                // With significance, the gain must also be a significant improvement.
                const passed = enough && (sig === undefined || (sig.significant && gain > 0));
                checks.push({ metric, op: 'min_gain', threshold: t.minGain, value, baseline: base, passed, ...(sig ? { significance: sig, note: why } : {}) });
            }
        }
    }
    return { passed: checks.every((c) => c.passed), checks };
}
function significanceNote(s) {
    const test = s.test === 'mcnemar' ? `McNemar p = ${formatP(s.p_value)}` : `paired bootstrap ${Math.round((1 - s.alpha) * 1000) / 10}% interval of the difference [${s.interval[0].toFixed(4)}, ${s.interval[1].toFixed(4)}]`;
    return `${s.significant ? 'significant' : 'not significant'} at ${s.alpha}: ${test}`;
}
function formatP(p) {
    return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}

/** The hidden marker that identifies this model's comment. */
function commentMarker(modelKey) {
    return `<!-- model-gate:${modelKey.replace(/--/g, '−−')} -->`;
}
class OctokitComments {
    token;
    apiUrl;
    owner;
    repo;
    client;
    constructor(token, apiUrl, owner, repo) {
        this.token = token;
        this.apiUrl = apiUrl;
        this.owner = owner;
        this.repo = repo;
    }
    /** Octokit (and its HTTP stack) is loaded on the first call: most runs never comment. */
    get octokit() {
        return (this.client ??= import('./github.js').then(function (n) { return n.a; }).then(({ getOctokit }) => getOctokit(this.token, { baseUrl: this.apiUrl })));
    }
    async find(pr, marker) {
        const octokit = await this.octokit;
        const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner: this.owner, repo: this.repo, issue_number: pr, per_page: 100 });
        for await (const page of iterator) {
            // ours start with the marker; a reply that quotes one ("> <!-- model-gate:…") is someone
            // else's comment, which the token may not edit and must not overwrite
            const found = page.data.find((c) => c.body?.startsWith(marker));
            if (found)
                return { id: found.id, url: found.html_url };
        }
        return undefined;
    }
    async create(pr, body) {
        const r = await (await this.octokit).rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: pr, body });
        return { id: r.data.id, url: r.data.html_url };
    }
    async update(id, body) {
        const r = await (await this.octokit).rest.issues.updateComment({ owner: this.owner, repo: this.repo, comment_id: id, body });
        return { id: r.data.id, url: r.data.html_url };
    }
    async pullsForCommit(sha) {
        const r = await (await this.octokit).rest.repos.listPullRequestsAssociatedWithCommit({ owner: this.owner, repo: this.repo, commit_sha: sha });
        return r.data.map((p) => ({ number: p.number, merged: p.merged_at !== null, mergeCommitSha: p.merge_commit_sha ?? null }));
    }
}

/** "pull request #12 at `abc1234`", "push to main at `abc1234`", "workflow_dispatch on main at `abc1234`". */
function describeRun(ctx) {
    if (!ctx.eventName)
        return undefined;
    const at = ctx.sha ? ` at \`${ctx.sha.slice(0, 7)}\`` : '';
    const branch = ctx.ref.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : undefined;
    if (ctx.pullRequest)
        return `pull request #${ctx.pullRequest.number}${at}`;
    if (ctx.eventName === 'push' && branch)
        return `push to ${branch}${at}`;
    return `${ctx.eventName}${branch ? ` on ${branch}` : ''}${at}`;
}
/** What to do about a failed GitHub call: wait for the rate limit, or grant the permission. */
function remedy(e) {
    const err = e;
    const headers = err.response?.headers ?? {};
    if (err.status === 429 || headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(err.message ?? '')) {
        const reset = Number(headers['x-ratelimit-reset']);
        return `GitHub's API rate limit is used up${reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : ''}: re-run the job later for the comment`;
    }
    if (err.status === 401 || err.status === 403)
        return "a fork's or read-only token cannot comment: give the job pull-requests: write";
    return 'the report is in the job summary and the artifact';
}
function why(e) {
    const status = e.status;
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    return status ? `GitHub answered ${status}: ${message}` : message;
}
async function uploadReport(store, name, files, root, ctx, log) {
    if (!store) {
        log.info('report artifact: not uploaded outside a GitHub Actions job (no ACTIONS_RUNTIME_TOKEN); the files are in output-dir');
        return undefined;
    }
    try {
        const { id } = await store.upload(name, files, root);
        log.info(`report artifact '${name}' uploaded (${files.length} files${id !== undefined ? `, id ${id}` : ''})`);
        return id !== undefined && ctx.owner ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}/artifacts/${id}` : ctx.runUrl;
    }
    catch (e) {
        const reason = why(e);
        const hint = /exist|409|conflict/i.test(reason) ? '; give each model-gate step in a run its own artifact-name' : '';
        log.warning(`report artifact '${name}' was not uploaded (${reason}); the verdict stands and the files are in output-dir${hint}`);
        return undefined;
    }
}
/** The pull request this run reports on, or why there is none. Pure but for the commit lookup. */
async function pullRequestFor(ctx, store, mode) {
    if (ctx.pullRequest)
        return ctx.pullRequest.number;
    // a push to another branch merged nothing; comment: true also looks on other events (workflow_dispatch)
    if (ctx.sha && (isPushToDefaultBranch(ctx) || mode === 'true')) {
        const pulls = await store.pullsForCommit(ctx.sha);
        const merged = pulls.find((p) => p.merged && p.mergeCommitSha === ctx.sha) ?? pulls.find((p) => p.merged);
        return merged ? merged.number : `no merged pull request has commit ${ctx.sha.slice(0, 7)}`;
    }
    return `a ${ctx.eventName || 'local'} run has no pull request`;
}
async function postComment(store, mode, ctx, modelKey, body, log) {
    if (mode === 'false')
        return undefined;
    const wants = ctx.pullRequest !== undefined || isPushToDefaultBranch(ctx) || mode === 'true';
    if (!wants)
        return undefined;
    if (ctx.pullRequest?.fromFork && isPullRequestEvent(ctx)) {
        log.warning(`comment skipped: pull request #${ctx.pullRequest.number} comes from a fork, whose token cannot write comments; the verdict is in the job summary`);
        return undefined;
    }
    if (!store) {
        log.warning('comment skipped: no github-token (give the job `permissions: pull-requests: write` and keep the default github-token)');
        return undefined;
    }
    try {
        const pr = await pullRequestFor(ctx, store, mode);
        if (typeof pr === 'string') {
            log.info(`comment skipped: ${pr}`);
            return undefined;
        }
        const marker = commentMarker(modelKey);
        const text = body(marker);
        const existing = await store.find(pr, marker);
        const saved = existing ? await store.update(existing.id, text) : await store.create(pr, text);
        log.info(`${existing ? 'updated' : 'created'} the model-gate comment on pull request #${pr}: ${saved.url}`);
        return saved.url;
    }
    catch (e) {
        log.warning(`comment skipped: ${why(e)}; the verdict stands (${remedy(e)})`);
        return undefined;
    }
}

/** Where model files come from: a local path here; the registry adds models:/ URIs. */
function isRegistryUri(ref) {
    return ref.startsWith('models:/') || ref.toLowerCase() === 'production' || ref.toLowerCase() === 'champion';
}
/** Local files only; registry references need a registry-backed source. */
const localModels = {
    async resolve(ref, input) {
        if (isRegistryUri(ref)) {
            throw new InputError(`input '${input}' is '${ref}', a registry reference: set tracking-uri (or MLFLOW_TRACKING_URI) to the MLflow server`, input);
        }
        return { path: ref, uri: ref };
    }
};

/**
 * Where a metrics.json came from, so a number can be traced back: model-gate's and onnxruntime's
 * versions, the preprocessing applied to the test set, and the commit, event and time of the run.
 */
/** model-gate's version from package.json, one folder up from src/ and from dist/ alike. */
function modelGateVersion() {
    try {
        return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version ?? null;
    }
    catch {
        return null;
    }
}
function provenance(config, context, onnxruntime, now = new Date()) {
    return {
        model_gate: modelGateVersion(),
        onnxruntime: onnxruntime ?? null,
        preprocessing: preprocessingOf(config),
        commit: context.sha || null,
        ref: context.ref || null,
        event: context.eventName || null,
        run_url: context.runUrl ?? null,
        timestamp: now.toISOString()
    };
}

/**
 * HTTP to an MLflow tracking server over undici: auth, timeouts, retries with backoff on 429/5xx
 * and connection errors (never on other 4xx), and MLflow's error bodies turned into messages that
 * name the input and what to do.
 */
/** MLflow's own client environment variables, so teams keep the settings they already have. */
function httpOptionsFromEnv(trackingUri, env, onRetry) {
    const num = (name, fallback) => {
        const v = Number(env[name]);
        return env[name] !== undefined && env[name] !== '' && Number.isFinite(v) && v >= 0 ? v : fallback;
    };
    return {
        trackingUri,
        token: env.MLFLOW_TRACKING_TOKEN || undefined,
        username: env.MLFLOW_TRACKING_USERNAME || undefined,
        password: env.MLFLOW_TRACKING_PASSWORD || undefined,
        timeoutMs: num('MLFLOW_HTTP_REQUEST_TIMEOUT', 120) * 1000,
        maxRetries: num('MLFLOW_HTTP_REQUEST_MAX_RETRIES', 4),
        backoffMs: num('MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR', 1) * 1000,
        onRetry,
        onProgress: onRetry,
        progressMs: num('MODEL_GATE_PROGRESS_SECONDS', 5) * 1000
    };
}
/** An answer the server gave (after retries): status and, when it sent one, MLflow's error. */
class MlflowAnswer {
    status;
    errorCode;
    message;
    isJson;
    constructor(status, errorCode, message, isJson) {
        this.status = status;
        this.errorCode = errorCode;
        this.message = message;
        this.isJson = isJson;
    }
}
/** The server gave no answer (refused, reset, timed out) even after retries. A write's outcome is then unknown. */
class RegistryUnreachable extends RegistryError {
    why;
    constructor(message, 
    /** Why, in a few words, e.g. `ECONNREFUSED` or `no answer within 120 s`. */
    why) {
        super(message, 'tracking-uri');
        this.why = why;
    }
}
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
/**
 * The proxy answers a file that is not there with a 500 (mlflow.md), which is no passing fault:
 * retrying it only delays the error.
 */
function missingArtifact(status, errorCode, message) {
    return status === 500 && errorCode === 'INTERNAL_ERROR' && /No such file or directory|FileNotFoundError/.test(message);
}
const RETRY_CODES = new Set([
    'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN',
    'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'
]);
/** Downloads and uploads of the artifact proxy live under this path. */
const ARTIFACTS_PREFIX = 'api/2.0/mlflow-artifacts/artifacts/';
const sleep$1 = (ms) => new Promise((r) => setTimeout(r, ms));
class MlflowHttp {
    options;
    base;
    constructor(options) {
        this.options = options;
        let base;
        try {
            base = new URL(options.trackingUri.endsWith('/') ? options.trackingUri : options.trackingUri + '/');
        }
        catch {
            throw new RegistryError(`input 'tracking-uri' is '${options.trackingUri}', not a URL; use e.g. https://mlflow.example.com`, 'tracking-uri');
        }
        if (base.protocol !== 'http:' && base.protocol !== 'https:') {
            throw new RegistryError(`input 'tracking-uri' is '${options.trackingUri}': model-gate talks to an MLflow server over http(s); databricks and file stores are not supported`, 'tracking-uri');
        }
        this.base = base;
    }
    get server() {
        return this.base.origin + this.base.pathname.replace(/\/$/, '');
    }
    url(call) {
        const u = new URL(call.path, this.base);
        for (const [k, v] of Object.entries(call.query ?? {}))
            u.searchParams.set(k, v);
        return u;
    }
    headers(call) {
        const h = { accept: 'application/json' };
        if (this.options.token)
            h.authorization = `Bearer ${this.options.token}`;
        else if (this.options.username !== undefined) {
            h.authorization = `Basic ${Buffer.from(`${this.options.username}:${this.options.password ?? ''}`).toString('base64')}`;
        }
        if (call.json !== undefined)
            h['content-type'] = 'application/json';
        return h;
    }
    /** Sends with retries; returns the final response, whatever its status. */
    async send(call) {
        const what = `${call.method} ${this.url(call).pathname}`;
        const maxRetries = call.retries ?? this.options.maxRetries;
        for (let attempt = 0;; attempt++) {
            let retryWhy;
            let retryAfter = 0;
            try {
                // loaded on the first call, so a run without a registry never reads undici
                const { request } = await import('./undici.js').then(function (n) { return n.i; });
                const res = await request(this.url(call), {
                    method: call.method,
                    headers: this.headers(call),
                    body: call.json !== undefined ? JSON.stringify(call.json) : call.bytes,
                    headersTimeout: this.options.timeoutMs,
                    bodyTimeout: this.options.timeoutMs
                });
                if (!RETRY_STATUS.has(res.statusCode) || attempt >= maxRetries)
                    return res;
                retryWhy = `answered ${res.statusCode}`;
                retryAfter = Number(res.headers['retry-after']) * 1000 || 0;
                if (res.statusCode === 500 && call.path.startsWith(ARTIFACTS_PREFIX)) {
                    const a = await this.answer(res);
                    if (missingArtifact(a.status, a.errorCode, a.message))
                        return a;
                }
                else {
                    await res.body.dump();
                }
            }
            catch (e) {
                const code = e.code ?? '';
                if (!RETRY_CODES.has(code) || attempt >= maxRetries) {
                    const why = code.includes('TIMEOUT') ? `no answer within ${this.options.timeoutMs / 1000} s` : code || e.message;
                    throw new RegistryUnreachable(`tracking-uri: cannot reach the MLflow server at ${this.server} (${why}${attempt > 0 ? `, after ${attempt + 1} attempts` : ''}); check tracking-uri and that the server is up (MLFLOW_HTTP_REQUEST_TIMEOUT sets the timeout)`, why);
                }
                retryWhy = code;
            }
            const delay = Math.min(Math.max(retryAfter, this.options.backoffMs * 2 ** attempt), 30_000);
            this.options.onRetry?.(`registry: ${what} ${retryWhy}; retry ${attempt + 1} of ${maxRetries} in ${(delay / 1000).toFixed(2)} s`);
            await sleep$1(delay);
        }
    }
    async answer(res) {
        const text = await res.body.text();
        const type = String(res.headers['content-type'] ?? '');
        if (type.includes('json')) {
            try {
                const body = JSON.parse(text);
                return new MlflowAnswer(res.statusCode, body.error_code, body.message ?? text, true);
            }
            catch {
                // fall through: not the JSON it claims to be
            }
        }
        return new MlflowAnswer(res.statusCode, undefined, text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200), false);
    }
    /** A JSON call; 2xx → the parsed body. `tolerate` lists answers the caller handles itself. */
    async json(call, tolerate) {
        const res = await this.send(call);
        if (res instanceof MlflowAnswer) {
            if (tolerate?.(res))
                return res;
            throw this.error(call, res);
        }
        if (res.statusCode >= 200 && res.statusCode < 300) {
            const text = await res.body.text();
            try {
                return (text.trim() === '' ? {} : JSON.parse(text));
            }
            catch {
                throw new RegistryError(`tracking-uri: ${this.server} answered ${call.method} ${call.path} with something that is not JSON; check that tracking-uri points at the MLflow server itself`, 'tracking-uri');
            }
        }
        const a = await this.answer(res);
        if (tolerate?.(a))
            return a;
        throw this.error(call, a);
    }
    /**
     * Streams a download to a file, with a progress line on long ones. The timeout is per chunk
     * (undici's bodyTimeout: the longest silence between two pieces of the body), never per file, so
     * a big model through a slow proxy takes as long as it takes while a stalled one fails; a stall
     * starts the download again, with the same retries and backoff as any call.
     */
    async download(call, file) {
        const name = call.path.split('/').pop() ?? 'file';
        for (let attempt = 0;; attempt++) {
            const res = await this.send(call);
            if (res instanceof MlflowAnswer)
                throw this.error(call, res);
            if (res.statusCode < 200 || res.statusCode >= 300)
                throw this.error(call, await this.answer(res));
            const total = Number(res.headers['content-length']) || undefined;
            const started = performance.now();
            let done = 0;
            let last = started;
            let reported = false;
            const every = this.options.progressMs ?? 5000;
            const mb = (n) => (n / 1e6).toFixed(1);
            res.body.on('data', (chunk) => {
                done += chunk.length;
                const now = performance.now();
                if (now - last < every)
                    return;
                last = now;
                reported = true;
                const rate = done / 1e6 / ((now - started) / 1000);
                this.options.onProgress?.(`download ${name}: ${mb(done)}${total ? ` / ${mb(total)}` : ''} MB (${rate.toFixed(1)} MB/s)`);
            });
            try {
                await pipeline(res.body, createWriteStream(file));
            }
            catch (e) {
                const code = e.code ?? '';
                if (!RETRY_CODES.has(code) && code !== 'UND_ERR_ABORTED')
                    throw e;
                const why = code === 'UND_ERR_BODY_TIMEOUT' ? `no data for ${this.options.timeoutMs / 1000} s` : code;
                if (attempt >= this.options.maxRetries) {
                    throw new RegistryUnreachable(`${call.input}: the download of ${call.path.slice(ARTIFACTS_PREFIX.length)} from ${this.server} stalled (${why}, after ${mb(done)} MB${attempt > 0 ? `, ${attempt + 1} attempts` : ''}); check the server and its artifact proxy (MLFLOW_HTTP_REQUEST_TIMEOUT sets how long a silence may last)`, why);
                }
                const delay = Math.min(this.options.backoffMs * 2 ** attempt, 30_000);
                this.options.onRetry?.(`registry: download ${name} stalled (${why}) after ${mb(done)} MB; retry ${attempt + 1} of ${this.options.maxRetries} in ${(delay / 1000).toFixed(2)} s`);
                await sleep$1(delay);
                continue;
            }
            if (reported)
                this.options.onProgress?.(`download ${name}: ${mb(done)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
            return;
        }
    }
    error(call, a) {
        const what = `${call.method} ${call.path.replace(/^api\/2\.0\//, '')}`;
        if (a.status === 401) {
            return new RegistryError(`tracking-uri: ${this.server} answered 401 (not authenticated) to ${what}; set MLFLOW_TRACKING_TOKEN (Bearer), or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (Basic, MLflow's basic-auth app) as secrets`, 'tracking-uri');
        }
        if (a.status === 403 && /Invalid Host header/i.test(a.message)) {
            // MLflow 3's DNS-rebinding guard: it knows only localhost, 127.0.0.1 and private addresses by default
            const host = this.base.host;
            return new RegistryError(`tracking-uri: ${this.server} answered 403 "Invalid Host header - possible DNS rebinding attack detected" to ${what}: MLflow 3 refuses requests for a host name it does not know (here '${host}'), whatever the credentials — it is not a permission problem. ` +
                `Start the server with --allowed-hosts ${host} (or MLFLOW_SERVER_ALLOWED_HOSTS=${host}), or reach it by a name it allows (localhost, 127.0.0.1 or a private IP address)`, 'tracking-uri');
        }
        if (a.status === 403) {
            return new RegistryError(`${call.input}: ${this.server} answered 403 (permission denied) to ${what}; give the credentials' user EDIT (or MANAGE) permission on the registered model`, call.input);
        }
        if (missingArtifact(a.status, a.errorCode, a.message)) {
            return new RegistryError(`${call.input}: ${call.path.slice(ARTIFACTS_PREFIX.length)} is not in the server's artifact store (MLflow answered 500: no such file); the version's files were deleted or never uploaded: register the version again with its .onnx`, call.input);
        }
        if (!a.isJson) {
            return new RegistryError(`tracking-uri: ${this.server} answered ${a.status} to ${what} with no MLflow error${a.message ? ` ("${a.message}")` : ''}; check that tracking-uri is the MLflow server's base URL`, 'tracking-uri');
        }
        return new RegistryError(`${call.input}: MLflow answered ${a.status} ${a.errorCode ?? ''} to ${what}: ${a.message.split('\n')[0]}`, call.input);
    }
}

/**
 * Promotion, with no optimistic concurrency to lean on (MLflow has none): read the state, refuse
 * when the evaluated version changed underneath, write, then read back and verify. Re-running a
 * promotion that already happened is a no-op that succeeds.
 */
/** Whether this run may touch the registry at all, and what it does there. Pure. */
function promotionAction(p) {
    if (p.promote === 'false')
        return { act: 'skip', reason: 'promote is false' };
    if (isPullRequestEvent(p.context)) {
        return { act: 'skip', reason: `never on ${p.context.eventName} events${p.context.pullRequest?.fromFork ? ' (a fork)' : ''}: promotion happens on the merge` };
    }
    if (!p.fromRegistry)
        return { act: 'skip', reason: 'model is a file, not a registry version' };
    if (p.promote === 'auto' && !isPushToDefaultBranch(p.context) && p.context.eventName !== 'workflow_dispatch') {
        return { act: 'skip', reason: `promote is auto and this is ${p.context.eventName ? `a ${p.context.eventName} event` : 'not a workflow run'}, not a push to the default branch or workflow_dispatch` };
    }
    if (!p.gatePassed)
        return { act: 'reject', reason: 'the gate failed' };
    return { act: 'promote', reason: 'the gate passed' };
}
function skipped(reason, target, model) {
    return {
        status: 'skipped', reason, target: formatTarget(target), name: model?.name ?? null, version: model?.version ?? null,
        previous: [], archived: [], verified: false, dry_run: false, tags: {}
    };
}
function auditTags(passed, audit, previous) {
    const tags = { 'model_gate.verdict': passed ? 'pass' : 'fail' };
    for (const [k, v] of Object.entries(audit.metrics))
        tags[`model_gate.${k}`] = String(v);
    if (!passed)
        tags['model_gate.failed_checks'] = audit.failedChecks.join('; ').slice(0, 4000);
    if (audit.context.sha)
        tags['model_gate.commit'] = audit.context.sha;
    if (audit.context.runUrl)
        tags['model_gate.run_url'] = audit.context.runUrl;
    tags['model_gate.test_set_sha256'] = audit.testSetSha256;
    tags['model_gate.previous_version'] = previous.length > 0 ? previous.join(',') : 'none';
    tags['model_gate.evaluated_at'] = new Date().toISOString();
    return tags;
}
async function writeTags(client, m, tags) {
    for (const [k, v] of Object.entries(tags))
        await client.setVersionTag(m.name, m.version, k, v);
}
const byNumber = (a, b) => Number(a) - Number(b);
/** Reads the state a promotion decides on: our version, the evaluated alias, the target's holders. */
async function readState(client, m, target) {
    const now = await client.getVersion(m.name, m.version, 'model');
    const refAlias = m.ref.kind === 'alias' ? (await client.byAlias(m.name, m.ref.alias, 'model'))?.version : undefined;
    let holders;
    if (target.kind === 'alias') {
        const v = target.kind === m.ref.kind && m.ref.kind === 'alias' && m.ref.alias === target.alias ? refAlias : (await client.byAlias(m.name, target.alias, 'promote-to'))?.version;
        holders = v === undefined ? [] : [v];
    }
    else {
        const all = await client.allVersions(m.name, 'promote-to');
        // our own stage comes from model-versions/get: a search page may be a moment older
        holders = all.filter((v) => (v.version === m.version ? now?.current_stage : v.current_stage) === target.stage).map((v) => v.version);
        if (now?.current_stage === target.stage && !holders.includes(m.version))
            holders.push(m.version);
        holders.sort(byNumber);
    }
    const promotedTo = now?.tags?.find((t) => t.key === 'model_gate.promoted_to')?.value;
    return { version: now && { version: now.version, stage: now.current_stage, promotedTo }, refAlias, holders };
}
/**
 * Decides a promotion from the state read just before it. Pure: the same state always gives the
 * same plan, so a re-run after a promotion that happened plans nothing.
 */
function planPromotion(m, target, archiveExisting, state) {
    const what = `version ${m.version} of ${m.name}`;
    if (!state.version)
        return { act: 'refuse', message: `model: ${what} was deleted after it was evaluated; nothing was promoted` };
    const atTarget = state.holders.includes(m.version);
    const previous = state.holders.filter((v) => v !== m.version);
    // Having reached the target since (an earlier run of this promotion) is not a change underneath.
    if (!atTarget && m.ref.kind === 'stage' && state.version.stage !== m.ref.stage) {
        return {
            act: 'refuse',
            message: `model: ${what} left ${m.ref.stage} (it is now ${state.version.stage}) after it was evaluated as ${formatRef(m.ref)}; nothing was promoted. Re-run to evaluate what ${m.ref.stage} holds now`
        };
    }
    if (!atTarget && m.ref.kind === 'alias' && state.refAlias !== m.version) {
        return {
            act: 'refuse',
            message: `model: @${m.ref.alias} moved from version ${m.version} to ${state.refAlias !== undefined ? `version ${state.refAlias}` : 'nothing'} after it was evaluated; nothing was promoted. Re-run to evaluate the version it points to now`
        };
    }
    const archived = target.kind === 'stage' && archiveExisting ? previous : [];
    if (atTarget && archived.length === 0)
        return { act: 'noop', previous, completeAudit: state.version.promotedTo !== formatTarget(target) };
    return { act: 'write', previous, archived };
}
/** Whether the state read back after the write shows the promotion done; the problem otherwise. Pure. */
function verifyPromotion(m, target, archiveExisting, state) {
    const others = state.holders.filter((v) => v !== m.version);
    if (target.kind === 'alias') {
        return state.holders.includes(m.version) ? undefined : `@${target.alias} points to version ${others.join(', ') || 'nothing'}`;
    }
    const ok = state.version?.stage === target.stage && (!archiveExisting || others.length === 0);
    if (ok)
        return undefined;
    const stage = state.version?.stage;
    const elsewhere = others.length ? ` and version ${others.join(', ')} ${stage === target.stage ? 'also holds' : 'holds'} ${target.stage}` : '';
    return `version ${m.version} of ${m.name} is ${stage === undefined ? 'gone' : `in ${stage}`}${elsewhere}`;
}
async function tagRejected(client, m, target, audit, dryRun, log) {
    const tags = auditTags(false, audit, []);
    delete tags['model_gate.previous_version'];
    if (!dryRun)
        await writeTags(client, m, tags);
    log.info(`version ${m.version} of ${m.name} is not promoted: the gate failed${dryRun ? ' (dry run: no tags written)' : '; tagged model_gate.verdict=fail'}`);
    return {
        status: 'rejected', reason: 'the gate failed', target: formatTarget(target), name: m.name, version: m.version,
        previous: [], archived: [], verified: false, dry_run: dryRun, tags
    };
}
async function promote(client, m, target, options, audit, log) {
    const what = `version ${m.version} of ${m.name}`;
    const targetName = formatTarget(target);
    // 1. Read, and decide: the version must still be what was evaluated.
    const plan = planPromotion(m, target, options.archiveExisting, await readState(client, m, target));
    if (plan.act === 'refuse')
        throw new RegistryError(plan.message, 'model');
    const archived = plan.act === 'write' ? plan.archived : [];
    const tags = auditTags(true, audit, plan.previous);
    const record = (status, reason, verified, written) => ({
        status, reason, target: targetName, name: m.name, version: m.version, previous: plan.previous, archived, verified, dry_run: options.dryRun, tags: written
    });
    // 2. Already there (a re-run): nothing to write.
    if (plan.act === 'noop') {
        if (!plan.completeAudit || options.dryRun) {
            log.info(`${what} already holds ${targetName}: nothing to do`);
            return record('already-promoted', `${what} already holds ${targetName}`, true, {});
        }
        // An earlier run moved it but stopped before its audit tags (or someone moved it by hand):
        // record the verdict. Which version held the target before, and when it moved, are no longer
        // known, so those tags are left out rather than guessed.
        const finish = { ...tags, 'model_gate.promoted_to': targetName };
        delete finish['model_gate.previous_version'];
        await writeTags(client, m, finish);
        log.info(`${what} already holds ${targetName}; wrote the audit tags an earlier run did not`);
        return record('already-promoted', `${what} already holds ${targetName}`, true, finish);
    }
    if (options.dryRun) {
        log.info(`dry run: would move ${what} to ${targetName}${archived.length ? `, archiving version ${archived.join(', ')}` : ''}; the registry is unchanged`);
        return record('dry-run', 'dry-run is true', false, {});
    }
    // 3. Write the move. The audit tags follow it, so a refused or failed write leaves the registry
    // exactly as it was.
    let unanswered;
    try {
        if (target.kind === 'stage')
            await client.transitionStage(m.name, m.version, target.stage, options.archiveExisting);
        else
            await client.setAlias(m.name, target.alias, m.version);
    }
    catch (e) {
        // No answer is not a refusal: the write may have landed. The read-back below tells. A 5xx
        // that outlasted the retries (a proxy, an overloaded server) counts as no answer too.
        const fivexx = e instanceof RegistryError && !(e instanceof RegistryUnreachable) ? /answered (5\d\d)/.exec(e.message) : null;
        if (fivexx)
            unanswered = new RegistryUnreachable(e instanceof Error ? e.message : '', `answered ${fivexx[1]}`);
        else if (e instanceof RegistryUnreachable)
            unanswered = e;
        else
            throw e;
    }
    // 4. Read back and verify.
    let problem;
    try {
        problem = verifyPromotion(m, target, options.archiveExisting, await readState(client, m, target));
    }
    catch (e) {
        if (unanswered) {
            throw new RegistryError(`promote-to: moving ${what} to ${targetName} got no answer (${unanswered.why}) and the registry cannot be read back (${e.message}); whether it moved is unknown: check the registry, then re-run (a promotion that happened is not repeated)`, 'promote-to');
        }
        if (!(e instanceof RegistryError))
            throw e;
        throw new RegistryError(`promote-to: moved ${what} to ${targetName}, but reading it back failed (${e.message}); it is not verified and carries no audit tags: check the registry, then re-run (a promotion that happened is verified, not repeated)`, 'promote-to');
    }
    if (problem && unanswered) {
        throw new RegistryError(`promote-to: moving ${what} to ${targetName} got no answer (${unanswered.why}); reading back shows ${problem}, so nothing was promoted. Re-run when the server answers`, 'promote-to');
    }
    if (problem) {
        throw new RegistryError(`promote-to: moved ${what} to ${targetName}, but reading back shows ${problem}; another promotion probably ran at the same time — check the registry and serialise promotions with a workflow concurrency group`, 'promote-to');
    }
    if (unanswered)
        log.info(`moving ${what} to ${targetName} got no answer (${unanswered.why}), but reading back shows it done`);
    const done = { ...tags, 'model_gate.promoted_to': targetName, 'model_gate.promoted_at': new Date().toISOString() };
    try {
        await writeTags(client, m, done);
    }
    catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new RegistryError(`promote-to: ${what} was promoted to ${targetName} and verified, but writing its audit tags failed (${why}); the promotion stands, add the tags by hand or re-run`, 'promote-to');
    }
    log.info(`promoted ${what} to ${targetName}${archived.length ? `, archived version ${archived.join(', ')}` : ''}; verified by reading back`);
    return record('promoted', 'the gate passed', true, done);
}

/**
 * The registry as model-gate uses it: a small interface (fakes implement it in tests) and its
 * MLflow REST implementation, written against what a real MLflow 2.x server answers.
 */
const API = 'api/2.0/mlflow/';
const ARTIFACTS = 'api/2.0/mlflow-artifacts/artifacts';
const notFound = (a) => a.status === 404 && a.errorCode === 'RESOURCE_DOES_NOT_EXIST';
class MlflowClient {
    http;
    constructor(http) {
        this.http = http;
    }
    get server() {
        return this.http.server;
    }
    async call(call, tolerate) {
        const r = await this.http.json({ ...call, path: API + call.route }, tolerate);
        return r instanceof MlflowAnswer ? undefined : r;
    }
    async registeredModel(name, input) {
        const r = await this.call({ method: 'GET', route: 'registered-models/get', query: { name }, input }, notFound);
        if (!r)
            return undefined;
        // empty lists come as absent keys
        return { name: r.registered_model.name, latest: r.registered_model.latest_versions ?? [], aliases: r.registered_model.aliases ?? [] };
    }
    async getVersion(name, version, input) {
        const r = await this.call({ method: 'GET', route: 'model-versions/get', query: { name, version }, input }, notFound);
        return r?.model_version;
    }
    async latestInStage(name, stage, input) {
        const r = await this.call({ method: 'POST', route: 'registered-models/get-latest-versions', json: { name, stages: [stage] }, input }, notFound);
        return r?.model_versions?.[0];
    }
    async byAlias(name, alias, input) {
        // A missing alias (and a missing model) is a 400 INVALID_PARAMETER_VALUE, not a 404.
        const missing = (a) => notFound(a) || (a.status === 400 && /alias .* not found/i.test(a.message));
        const r = await this.call({ method: 'GET', route: 'registered-models/alias', query: { name, alias }, input }, missing);
        return r?.model_version;
    }
    async allVersions(name, input) {
        const out = [];
        let token;
        do {
            const query = { filter: `name='${name.replace(/'/g, "\\'")}'`, max_results: '200' };
            if (token)
                query.page_token = token;
            const r = await this.call({ method: 'GET', route: 'model-versions/search', query, input });
            out.push(...(r?.model_versions ?? []));
            token = r?.next_page_token;
        } while (token);
        return out;
    }
    async downloadUri(name, version, input) {
        const r = await this.call({ method: 'GET', route: 'model-versions/get-download-uri', query: { name, version }, input });
        return r.artifact_uri;
    }
    async runArtifactUri(runId, input) {
        const r = await this.call({ method: 'GET', route: 'runs/get', query: { run_id: runId }, input });
        return r.run.info.artifact_uri;
    }
    async listArtifacts(path, input) {
        const r = await this.http.json({ method: 'GET', path: ARTIFACTS, query: { path }, input });
        return r.files ?? [];
    }
    async downloadArtifact(path, file, input) {
        await this.http.download({ method: 'GET', path: `${ARTIFACTS}/${encodePath(path)}`, input }, file);
    }
    async uploadArtifact(path, bytes, input) {
        await this.http.json({ method: 'PUT', path: `${ARTIFACTS}/${encodePath(path)}`, bytes, input });
    }
    async transitionStage(name, version, stage, archiveExisting, input = 'promote-to') {
        const r = await this.call({
            method: 'POST',
            route: 'model-versions/transition-stage',
            json: { name, version, stage, archive_existing_versions: archiveExisting },
            input
        });
        return r.model_version;
    }
    async setAlias(name, alias, version, input = 'promote-to') {
        await this.call({ method: 'POST', route: 'registered-models/alias', json: { name, alias, version }, input });
    }
    async createRegisteredModel(name) {
        const exists = (a) => a.status === 400 && a.errorCode === 'RESOURCE_ALREADY_EXISTS';
        await this.call({ method: 'POST', route: 'registered-models/create', json: { name }, input: 'register' }, exists);
    }
    async createVersion(name, source, runId, tags, description) {
        const r = await this.call({
            method: 'POST',
            route: 'model-versions/create',
            json: { name, source, run_id: runId, description, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
            input: 'register',
            retries: 0
        });
        return r.model_version;
    }
    async findVersionByTag(name, key, value, input) {
        const q = (s) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
        const r = await this.call({
            method: 'GET',
            route: 'model-versions/search',
            query: { filter: `name='${q(name)}' and tags.\`${key}\`='${q(value)}'`, max_results: '10' },
            input
        });
        return (r?.model_versions ?? []).sort((a, b) => Number(b.version) - Number(a.version))[0];
    }
    async setVersionTag(name, version, key, value) {
        await this.call({ method: 'POST', route: 'model-versions/set-tag', json: { name, version, key, value }, input: 'model' });
    }
    async experiment(name, input = 'experiment') {
        const found = await this.call({ method: 'GET', route: 'experiments/get-by-name', query: { experiment_name: name }, input }, notFound);
        if (found)
            return found.experiment.experiment_id;
        // Another job may create it between the two calls: then it exists, which is all we wanted.
        const exists = (a) => a.status === 400 && a.errorCode === 'RESOURCE_ALREADY_EXISTS';
        const created = await this.call({ method: 'POST', route: 'experiments/create', json: { name }, input }, exists);
        if (created)
            return created.experiment_id;
        const again = await this.call({ method: 'GET', route: 'experiments/get-by-name', query: { experiment_name: name }, input });
        return again.experiment.experiment_id;
    }
    async createRun(experimentId, runName, tags, input = 'log-run') {
        const r = await this.call({
            method: 'POST',
            route: 'runs/create',
            json: { experiment_id: experimentId, run_name: runName, start_time: Date.now(), tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
            input
        });
        return { runId: r.run.info.run_id, artifactUri: r.run.info.artifact_uri };
    }
    async logBatch(runId, metrics, params) {
        const timestamp = Date.now();
        const m = Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp, step: 0 }));
        // at most 1000 metrics and 100 params a request
        for (let i = 0; i < Math.max(m.length, 1); i += 1000) {
            await this.call({
                method: 'POST',
                route: 'runs/log-batch',
                json: { run_id: runId, metrics: m.slice(i, i + 1000), params: i === 0 ? Object.entries(params).map(([key, value]) => ({ key, value })) : [] },
                input: 'log-run'
            });
        }
    }
    async finishRun(runId, status, input = 'log-run') {
        await this.call({ method: 'POST', route: 'runs/update', json: { run_id: runId, status, end_time: Date.now() }, input });
    }
}
function encodePath(p) {
    return p.split('/').map(encodeURIComponent).join('/');
}
/** `mlflow-artifacts:/a/b` (or `mlflow-artifacts://host/a/b`) → `a/b`; undefined for other schemes. */
function proxiedPath(uri) {
    const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/+(.*)$/.exec(uri);
    return m ? m[1].replace(/\/+$/, '') : undefined;
}

/**
 * Model references resolved through the registry: models:/ URIs (and `production` / `champion`
 * for the baseline) become a version and a downloaded .onnx file; plain paths stay local.
 */
class RegistryModelSource {
    client;
    target;
    log;
    tempRoot;
    /** Filled when `model` resolves: `production` for the baseline means this model's target. */
    modelName;
    /** The candidate, once `model` resolved: a baseline that is this very version compares nothing. */
    candidate;
    /** Why the last baseline resolved to nothing (a first run), in the registry's own terms. */
    absence;
    constructor(client, target, log, tempRoot = process.env.RUNNER_TEMP || tmpdir()) {
        this.client = client;
        this.target = target;
        this.log = log;
        this.tempRoot = tempRoot;
    }
    /** The model is a file standing in for a version of `name` (register on a pull request): `production` means name's target. */
    assume(name) {
        this.modelName = name;
    }
    async resolve(ref, input) {
        if (!isRegistryUri(ref))
            return { path: ref, uri: ref };
        const parsed = this.parse(ref, input);
        const version = await this.find(parsed, input);
        if (!version)
            return this.missing(parsed, input);
        if (version.status !== undefined && version.status !== 'READY') {
            throw new RegistryError(`${input}: version ${version.version} of ${parsed.name} (${formatRef(parsed)}) is ${version.status}, not READY: its files are still being copied or the copy failed; wait and re-run, or register the version again`, input);
        }
        if (input === 'model') {
            this.modelName = parsed.name;
            this.candidate = { name: parsed.name, version: version.version, ref: parsed };
        }
        else if (this.candidate && this.candidate.name === parsed.name && this.candidate.version === version.version) {
            await this.selfBaseline(parsed, version);
        }
        const file = await this.download(version, input);
        this.log.info(`${input} ${formatRef(parsed)} is version ${version.version} (stage ${version.current_stage}), downloaded ${path.basename(file)}`);
        return { path: file, uri: formatRef(parsed), name: parsed.name, version: version.version, ref: parsed, stage: version.current_stage };
    }
    /**
     * Nothing answers the reference. For a baseline stage or alias that is a first run only when the
     * registry shows no production model at all: no version in Production, none holding another
     * alias. Otherwise comparing with nothing would pass every baseline check — the trap of moving
     * from stages to aliases — so it is refused, naming the version that serves today and the fix.
     * A version number that does not exist, or any `model`, is an error.
     */
    async missing(ref, input) {
        const model = await this.client.registeredModel(ref.name, input);
        const where = `the registry at ${this.client.server}`;
        if (input === 'baseline' && ref.kind !== 'version') {
            if (!model) {
                this.absence = `model '${ref.name}' does not exist in ${where}`;
                this.log.warning(`baseline ${formatRef(ref)}: ${this.absence}; treating this as a first run — check the name if the model exists`);
                return undefined;
            }
            const fact = ref.kind === 'stage' ? `no version of ${ref.name} is in stage ${ref.stage}` : `alias @${ref.alias} of ${ref.name} is not set`;
            const serving = this.servingElsewhere(ref, model);
            if (serving) {
                const uri = serving.stage ? `models:/${ref.name}/${serving.stage}` : `models:/${ref.name}@${serving.alias}`;
                const holds = serving.stage ? `is in stage ${serving.stage}` : `holds alias @${serving.alias}`;
                const point = ref.kind === 'alias' ? `point @${ref.alias} at version ${serving.version} first` : `transition version ${serving.version} to ${ref.stage} first`;
                throw new RegistryError(`baseline: ${fact}, but version ${serving.version} ${holds}: this is no first run, and comparing with nothing would pass every baseline check. ` +
                    `For the run that moves to ${ref.kind === 'alias' ? `@${ref.alias}` : ref.stage}, set baseline: ${uri} (compare with the version that serves today); or ${point}`, 'baseline');
            }
            this.absence = `${fact}; first run: no version of ${ref.name} is in a serving stage or holds an alias`;
            return undefined;
        }
        const what = !model ? `there is no registered model named '${ref.name}'`
            : ref.kind === 'version' ? `${ref.name} has no version ${ref.version}`
                : ref.kind === 'stage' ? `no version of ${ref.name} is in ${ref.stage}`
                    : `${ref.name} has no alias @${ref.alias}`;
        throw new RegistryError(`${input}: ${formatRef(ref)} does not exist in ${where}: ${what}; check the name and the version, stage or alias`, input);
    }
    /** A production model the missing baseline reference does not see: Production, or another alias (the candidate aside). */
    servingElsewhere(ref, model) {
        const candidate = this.candidate?.name === ref.name ? this.candidate : undefined;
        const mine = (v) => candidate?.version === v;
        if (!(ref.kind === 'stage' && ref.stage === 'Production')) {
            const prod = model.latest.filter((v) => v.current_stage === 'Production' && !mine(v.version)).sort((a, b) => Number(b.version) - Number(a.version))[0];
            if (prod)
                return { version: prod.version, stage: 'Production' };
        }
        const byRef = candidate?.ref.kind === 'alias' ? candidate.ref.alias : undefined;
        const other = model.aliases.find((a) => !mine(a.version) && a.alias !== byRef && !(ref.kind === 'alias' && a.alias === ref.alias));
        return other && { version: other.version, alias: other.alias };
    }
    /**
     * The baseline is the candidate itself: any drop check would pass. That is right only on the
     * re-run of a promotion that finished (the candidate holds the target and says so in its tags).
     */
    async selfBaseline(ref, found) {
        const v = (await this.client.getVersion(found.name, found.version, 'baseline')) ?? found;
        const target = formatTarget(this.target);
        const holds = this.target.kind === 'stage' ? v.current_stage === this.target.stage : (await this.client.byAlias(found.name, this.target.alias, 'baseline'))?.version === v.version;
        const promoted = v.tags?.some((t) => t.key === 'model_gate.promoted_to' && t.value === target);
        if (holds && promoted) {
            this.log.info(`baseline ${formatRef(ref)} is version ${v.version}, the candidate itself: a re-run of the promotion that finished (it holds ${target}); baseline checks compare it with itself`);
            return;
        }
        throw new RegistryError(`baseline: ${formatRef(ref)} is version ${v.version} of ${v.name}, the candidate itself: comparing a model with itself passes any baseline check. ` +
            `Point baseline at the version that serves today (e.g. models:/${v.name}/Production or models:/${v.name}@champion), or at an earlier metrics.json`, 'baseline');
    }
    parse(ref, input) {
        const word = ref.toLowerCase();
        if (word === 'production' || word === 'champion') {
            if (!this.modelName) {
                throw new RegistryError(`input 'baseline' is '${ref}', which needs model to be a registry URI (models:/<name>/…) to know which model's ${ref}; with a model file, name the baseline in full, e.g. models:/<name>/Production or models:/<name>@champion`, 'baseline');
            }
            // `production` is whatever holds promote-to now; `champion` is the @champion alias.
            if (word === 'champion')
                return { name: this.modelName, kind: 'alias', alias: 'champion' };
            return this.target.kind === 'alias'
                ? { name: this.modelName, kind: 'alias', alias: this.target.alias }
                : { name: this.modelName, kind: 'stage', stage: this.target.stage };
        }
        return parseModelUri(ref, input);
    }
    async find(ref, input) {
        if (ref.kind === 'version')
            return this.client.getVersion(ref.name, ref.version, input);
        if (ref.kind === 'stage')
            return this.client.latestInStage(ref.name, ref.stage, input);
        return this.client.byAlias(ref.name, ref.alias, input);
    }
    /** Finds the version's .onnx through the server's artifact proxy and downloads it. */
    async download(v, input) {
        let uri = v.source;
        if (!proxiedPath(uri))
            uri = await this.client.downloadUri(v.name, v.version, input);
        const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(uri);
        if (runs)
            uri = `${(await this.client.runArtifactUri(runs[1], input)).replace(/\/$/, '')}/${runs[2]}`;
        const root = proxiedPath(uri);
        if (root === undefined) {
            throw new RegistryError(`${input}: version ${v.version} of ${v.name} keeps its files at ${uri}, which model-gate reads only through the tracking server's artifact proxy (mlflow-artifacts:/); run the server with --serve-artifacts, or give the .onnx path directly`, input);
        }
        const onnx = root.toLowerCase().endsWith('.onnx') ? root : await this.findOnnx(root, v, input);
        const dir = await mkdtemp(path.join(this.tempRoot, 'model-gate-'));
        const file = path.join(dir, path.basename(onnx));
        await this.client.downloadArtifact(onnx, file, input);
        return file;
    }
    async findOnnx(root, v, input) {
        const top = await this.client.listArtifacts(root, input);
        const name = (f) => `${root}/${f.path.split('/').pop()}`;
        const here = top.filter((f) => !f.is_dir && f.path.toLowerCase().endsWith('.onnx'));
        // mlflow.onnx.log_model writes model.onnx at the top; look one folder down as well
        const found = here.length > 0 ? here.map(name) : [];
        if (found.length === 0) {
            for (const d of top.filter((f) => f.is_dir)) {
                const sub = `${root}/${d.path.split('/').pop()}`;
                const inner = await this.client.listArtifacts(sub, input);
                found.push(...inner.filter((f) => !f.is_dir && f.path.toLowerCase().endsWith('.onnx')).map((f) => `${sub}/${f.path.split('/').pop()}`));
            }
        }
        if (found.length === 0) {
            const listing = top.map((f) => f.path.split('/').pop() + (f.is_dir ? '/' : '')).join(', ') || 'nothing';
            throw new RegistryError(`${input}: version ${v.version} of ${v.name} has no .onnx file in its artifacts (mlflow-artifacts:/${root} holds ${listing}); log the model with mlflow.onnx.log_model or register an ONNX export`, input);
        }
        const preferred = found.find((f) => f.endsWith('/model.onnx')) ?? found.sort()[0];
        if (found.length > 1)
            this.log.info(`${input}: version ${v.version} has ${found.length} .onnx files; using ${preferred.split('/').pop()}`);
        return preferred;
    }
}

/**
 * `register`: a local .onnx becomes a new version of the model named in `model`, laid out as
 * `mlflow.onnx.log_model` + `mlflow.register_model` leave it (a run holding `model/model.onnx` and
 * an `MLmodel` file; a version whose source is that folder), then the alias or stage that `model`
 * names is pointed at it. Every write is read back. MLflow has no idempotency keys, so the version
 * carries a tag (file sha256 and commit) by which a retry finds it instead of creating another.
 */
const REGISTER_KEY_TAG = 'model_gate.register_key';
/** The MLmodel file of the onnx flavor, as mlflow.onnx.save_model writes it (mlflow.onnx.load_model reads `flavors.onnx.data`). */
function mlmodelYaml(runId, size, now = new Date()) {
    const utc = now.toISOString().replace('T', ' ').replace('Z', '000');
    return [
        'artifact_path: model',
        'flavors:',
        '  onnx:',
        '    code: null',
        '    data: model.onnx',
        '    onnx_session_options: null',
        '    providers:',
        '    - CUDAExecutionProvider',
        '    - CPUExecutionProvider',
        '  python_function:',
        '    code: null',
        '    data: model.onnx',
        '    loader_module: mlflow.onnx',
        `model_size_bytes: ${size}`,
        `model_uuid: ${randomUUID().replace(/-/g, '')}`,
        `run_id: ${runId}`,
        `utc_time_created: '${utc}'`,
        ''
    ].join('\n');
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function registerModel(client, file, ref, options) {
    const { log } = options;
    if (ref.kind === 'version') {
        throw new InputError(`input 'register' needs model to name where the new version goes, models:/<name>@<alias> or models:/<name>/<stage>, not the version number in '${formatRef(ref)}'`, 'register');
    }
    const bytes = await readFile(file).catch((e) => {
        throw new InputError(`input 'register': cannot read ${file} (${e.code === 'ENOENT' ? 'no such file' : e.code}); give the path of the .onnx to register, relative to the workspace`, 'register');
    });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = `${sha256}@${options.context.sha ?? 'local'}`;
    const name = ref.name;
    // 1. The registered model, created when missing (another job may create it at the same time).
    if (!(await client.registeredModel(name, 'register'))) {
        await client.createRegisteredModel(name);
        log.info(`register: created registered model '${name}'`);
    }
    // 2. A version an earlier attempt of this run registered: found by its tag, never made twice.
    let found = await client.findVersionByTag(name, REGISTER_KEY_TAG, key, 'register');
    let created = false;
    let runId = found?.run_id ?? '';
    if (found) {
        log.info(`register: version ${found.version} of ${name} already holds ${path.basename(file)} (sha256 ${sha256.slice(0, 12)}) from this commit; not registering it again`);
    }
    else {
        // 3. A run in `experiment`, holding the files as MLflow's client lays them out.
        const experimentId = await client.experiment(options.experiment, 'register');
        const tags = { 'model_gate.register_sha256': sha256, 'mlflow.source.name': file };
        if (options.context.sha)
            tags['mlflow.source.git.commit'] = options.context.sha;
        const run = await client.createRun(experimentId, `register ${name} ${sha256.slice(0, 12)}`, tags, 'register');
        runId = run.runId;
        const root = proxiedPath(run.artifactUri);
        if (root === undefined) {
            await client.finishRun(runId, 'FAILED', 'register');
            throw new RegistryError(`register: the run's artifact store is ${run.artifactUri}, not the tracking server's proxy; run the server with --serve-artifacts`, 'register');
        }
        const dir = `${root}/model`;
        const mlmodel = Buffer.from(mlmodelYaml(runId, bytes.length));
        await client.uploadArtifact(`${dir}/model.onnx`, bytes, 'register');
        await client.uploadArtifact(`${dir}/MLmodel`, mlmodel, 'register');
        const listed = await client.listArtifacts(dir, 'register');
        const size = (n) => listed.find((f) => f.path.split('/').pop() === n)?.file_size;
        if (size('model.onnx') !== bytes.length || size('MLmodel') !== mlmodel.length) {
            await client.finishRun(runId, 'FAILED', 'register');
            throw new RegistryError(`register: uploaded model.onnx (${bytes.length} bytes) and MLmodel to mlflow-artifacts:/${dir}, but the server lists ${listed.map((f) => `${f.path} (${f.file_size ?? '?'} bytes)`).join(', ') || 'nothing'}; check the server's artifact store`, 'register');
        }
        await client.finishRun(runId, 'FINISHED', 'register');
        // 4. The version. Its create call is not retried blindly: an answer lost after the write would
        // make a second version, so every failed attempt is followed by a look for the tag.
        const source = `mlflow-artifacts:/${dir}`;
        const versionTags = { [REGISTER_KEY_TAG]: key, 'model_gate.source_sha256': sha256, 'model_gate.source_file': file, ...(options.context.sha ? { 'model_gate.commit': options.context.sha } : {}) };
        for (let attempt = 0; !found; attempt++) {
            try {
                found = await client.createVersion(name, source, runId, versionTags, `registered by model-gate from ${file}`);
                created = true;
            }
            catch (e) {
                if (!(e instanceof RegistryUnreachable) && !(e instanceof RegistryError && /answered 5\d\d/.test(e.message)))
                    throw e;
                found = await client.findVersionByTag(name, REGISTER_KEY_TAG, key, 'register');
                if (found)
                    log.info(`register: creating the version got no answer (${e.message.slice(0, 80)}…), but version ${found.version} with this file's tag exists: using it`);
                else if (attempt >= 2)
                    throw e;
            }
        }
        log.info(`register: created version ${found.version} of ${name} from ${file} (run ${runId}, sha256 ${sha256.slice(0, 12)})`);
    }
    // 5. Wait until the server says READY; the tag a retry looks for must be there (read back).
    const ready = await waitReady(client, found, options.waitSeconds ?? 300, options.pollMs ?? 1000);
    if (!ready.tags?.some((t) => t.key === REGISTER_KEY_TAG && t.value === key)) {
        await client.setVersionTag(name, ready.version, REGISTER_KEY_TAG, key);
        const back = await client.getVersion(name, ready.version, 'register');
        if (!back?.tags?.some((t) => t.key === REGISTER_KEY_TAG && t.value === key)) {
            throw new RegistryError(`register: version ${ready.version} of ${name} does not keep its ${REGISTER_KEY_TAG} tag; a re-run could not find it, so nothing more is done: check the server`, 'register');
        }
    }
    // 6. Point the alias, or move to the stage, that `model` names; read back.
    if (ref.kind === 'alias') {
        const now = await client.byAlias(name, ref.alias, 'register');
        if (now?.version !== ready.version) {
            await client.setAlias(name, ref.alias, ready.version, 'register');
            const back = await client.byAlias(name, ref.alias, 'register');
            if (back?.version !== ready.version)
                throw new RegistryError(`register: set @${ref.alias} of ${name} to version ${ready.version}, but reading back shows ${back ? `version ${back.version}` : 'no alias'}; another job probably moved it — serialise with a workflow concurrency group`, 'register');
        }
        log.info(`register: @${ref.alias} of ${name} points to version ${ready.version}`);
    }
    else {
        if (ready.current_stage !== ref.stage) {
            await client.transitionStage(name, ready.version, ref.stage, false, 'register');
            const back = await client.getVersion(name, ready.version, 'register');
            if (back?.current_stage !== ref.stage)
                throw new RegistryError(`register: moved version ${ready.version} of ${name} to ${ref.stage}, but reading back shows ${back?.current_stage ?? 'no such version'}`, 'register');
        }
        log.info(`register: version ${ready.version} of ${name} is in ${ref.stage}`);
    }
    return { name, version: ready.version, created, runId, source: ready.source };
}
async function waitReady(client, v, waitSeconds, pollMs) {
    const deadline = Date.now() + waitSeconds * 1000;
    let now = v;
    for (;;) {
        now = await client.getVersion(v.name, v.version, 'register');
        if (!now)
            throw new RegistryError(`register: version ${v.version} of ${v.name} was created but the server does not show it; check the registry`, 'register');
        if (now.status === undefined || now.status === 'READY')
            return now;
        if (now.status === 'FAILED_REGISTRATION') {
            throw new RegistryError(`register: version ${v.version} of ${v.name} is FAILED_REGISTRATION (the server could not copy its files${now.status_message ? `: ${now.status_message}` : ''}); register again`, 'register');
        }
        if (Date.now() > deadline)
            throw new RegistryError(`register: version ${v.version} of ${v.name} is still ${now.status} after ${waitSeconds} s; re-run later (the version is found again, not registered twice)`, 'register');
        await sleep(pollMs);
    }
}
/**
 * The `register` step of a run: registers the file and returns the `model` reference to evaluate,
 * or — on a pull request, or in a dry run, which write nothing — the file itself.
 */
async function registerForRun(p, client, context, log, source) {
    if (!client)
        throw new InputError("input 'register' writes to the MLflow registry: set tracking-uri (or MLFLOW_TRACKING_URI)", 'register');
    const ref = parseModelUri(p.model, 'model');
    const readOnly = isPullRequestEvent(context) ? `never on ${context.eventName} events` : p.dryRun ? 'dry-run is true' : undefined;
    if (readOnly) {
        // `baseline: production` still means this model's serving version
        source.assume?.(ref.name);
        log.info(`register: not registering (${readOnly}); evaluating ${p.file} as it is`);
        return p.file;
    }
    await registerModel(client, p.file, ref, { experiment: p.experiment, context, log });
    return p.model;
}

/**
 * log-run: one MLflow tracking run per evaluation, with the headline metrics, the parameters that
 * shaped them, and metrics.json / report.md as run artifacts, so the registry's audit tags link to
 * something a person can open.
 */
async function logRun(client, experiment, doc, 
/** The task's metrics, by MLflow metric key. */
tracked, files, context, params) {
    const experimentId = await client.experiment(experiment);
    const tags = { 'model_gate.verdict': doc.gate.passed ? 'pass' : 'fail', 'model_gate.model': doc.model.uri };
    if (context.sha)
        tags['mlflow.source.git.commit'] = context.sha;
    if (context.runUrl)
        tags['model_gate.run_url'] = context.runUrl;
    const { runId, artifactUri } = await client.createRun(experimentId, `model-gate ${doc.model.uri}`.slice(0, 250), tags);
    let status = 'FAILED';
    try {
        const metrics = { ...tracked };
        metrics.gate_passed = doc.gate.passed ? 1 : 0;
        await client.logBatch(runId, metrics, { ...params, test_data_sha256: doc.data.sha256, model_sha256: doc.model.sha256 });
        const root = proxiedPath(artifactUri);
        if (root === undefined) {
            throw new RegistryError(`log-run: the run's artifact store is ${artifactUri}, not the tracking server's proxy; run the server with --serve-artifacts to keep the report files`, 'log-run');
        }
        for (const f of files)
            await client.uploadArtifact(`${root}/model-gate/${path.basename(f)}`, await readFile(f), 'log-run');
        status = 'FINISHED';
    }
    finally {
        await client.finishRun(runId, status);
    }
    return { run_id: runId, experiment_id: experimentId, artifact_uri: artifactUri };
}

/**
 * metrics.json text: indented for people, but arrays of plain numbers (confusion-matrix rows,
 * calibration bins) on one line each, so a 1000-class matrix is 1000 lines, not a million.
 */
function metricsJsonText(doc) {
    return JSON.stringify(doc, null, 2).replace(/\[\s*(-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*)\s*\]/g, (_, inner) => `[${inner.replace(/\s+/g, '')}]`) + '\n';
}

/**
 * One shard's slice of a test set: samples [from, to) by index after the reader's own order (an
 * image folder's sorted files, an array's rows, a text file's lines), so every runner cuts the same
 * slices. The reader still reads the samples outside the slice — their bytes go into the test set's
 * sha256, which is what lets a merge tell shards of the same data from shards of another — but only
 * the slice reaches the model.
 */
/** Shard `index` of `count` over `total` samples: contiguous, the first `total % count` one sample longer. */
function sliceBounds(index, count, total) {
    const base = Math.floor(total / count);
    const extra = total % count;
    const from = (index - 1) * base + Math.min(index - 1, extra);
    const to = from + base + (index <= extra ? 1 : 0);
    return { index, count, from, to, total };
}
/** Samples in a test set whose size is not known before reading (text files): one reading pass. */
async function countSamples(testSet, batchSize) {
    let n = 0;
    for await (const b of testSet.batches(batchSize))
        n += b.size;
    return n;
}
function cut(batch, lo, hi, offset) {
    const per = batch.size === 0 ? 0 : batch.features.length / batch.size;
    const where = batch.where;
    return {
        // a copy: the slice holds a part while it reads on (to the end, for the hash), and a reader may
        // reuse a batch's memory for a later one (Batch.features)
        features: batch.features.slice(lo * per, hi * per),
        labels: batch.labels.slice(lo, hi),
        size: hi - lo,
        offset,
        ...(batch.lines ? { lines: batch.lines.subarray(lo, hi) } : {}),
        ...(where ? { where: (i) => where(i + lo) } : {}),
        ...(batch.written ? { written: batch.written.slice(lo, hi) } : {})
    };
}
/**
 * The test set as one shard sees it: batches of the slice only, numbered from 0 (the accumulators and
 * the report index the slice's own samples); sampleFile maps back to the whole set's files.
 */
async function sliceTestSet(testSet, index, count, batchSize) {
    const total = testSet.size ?? (await countSamples(testSet, batchSize));
    const slice = sliceBounds(index, count, total);
    const sliced = {
        path: testSet.path,
        sha256: () => testSet.sha256(),
        get sampleShape() {
            return testSet.sampleShape;
        },
        size: slice.to - slice.from,
        classNames: testSet.classNames,
        // Inputs fed by name travel as per-batch arrays the slice does not cut yet: refuse rather than feed the wrong rows.
        exactSingle: testSet.exactSingle,
        unfed: testSet.unfed,
        ...(testSet.bind
            ? {
                bind: () => Promise.reject(new InputError(`input 'shard': this model's inputs are fed by name (several inputs, an inputs mapping, an int/bool/float16 input or text through a tokenizer), which cannot be sharded yet; evaluate it without shard and merge`, 'shard'))
            }
            : {}),
        async *batches(size) {
            // Batches of the slice are re-cut to `size`, so the model sees full batches as in a whole run.
            let pending = [];
            let held = 0;
            let emitted = 0;
            const flush = function* (all) {
                while (held >= size || (all && held > 0)) {
                    const take = Math.min(size, held);
                    const parts = [];
                    let need = take;
                    while (need > 0) {
                        const b = pending[0];
                        if (b.size <= need) {
                            parts.push(b);
                            pending.shift();
                            need -= b.size;
                        }
                        else {
                            parts.push(cut(b, 0, need, b.offset));
                            pending[0] = cut(b, need, b.size, b.offset + need);
                            need = 0;
                        }
                    }
                    held -= take;
                    yield join(parts, emitted);
                    emitted += take;
                }
            };
            for await (const b of testSet.batches(size)) {
                const lo = Math.max(slice.from, b.offset) - b.offset;
                const hi = Math.min(slice.to, b.offset + b.size) - b.offset;
                if (hi > lo) {
                    pending.push(cut(b, lo, hi, b.offset + lo));
                    held += hi - lo;
                    yield* flush(false);
                }
                // later batches are still read: their bytes belong to the test set's sha256
            }
            yield* flush(true);
            pending = [];
        },
        ...(testSet.adapt ? { adapt: (shape) => testSet.adapt(shape) } : {}),
        ...(testSet.parallel ? { parallel: (workers) => testSet.parallel(workers) } : {}),
        ...(testSet.sampleFile ? { sampleFile: (i) => testSet.sampleFile(slice.from + i) } : {}),
        ...(testSet.skipped ? { skipped: () => testSet.skipped() } : {}),
        ...(testSet.warnings ? { warnings: () => testSet.warnings() } : {})
    };
    return { testSet: sliced, slice };
}
/** One batch from consecutive parts, numbered `offset` in the slice. */
function join(parts, offset) {
    if (parts.length === 1)
        return { ...parts[0], offset };
    const size = parts.reduce((s, p) => s + p.size, 0);
    const features = new Float32Array(parts.reduce((s, p) => s + p.features.length, 0));
    let at = 0;
    for (const p of parts) {
        features.set(p.features, at);
        at += p.features.length;
    }
    const starts = [];
    let s = 0;
    for (const p of parts) {
        starts.push(s);
        s += p.size;
    }
    const locate = (i) => {
        let j = parts.length - 1;
        while (starts[j] > i)
            j--;
        return [parts[j], i - starts[j]];
    };
    const lines = parts.every((p) => p.lines) ? Int32Array.from(parts.flatMap((p) => Array.from(p.lines))) : undefined;
    const written = parts.some((p) => p.written) ? parts.flatMap((p) => (p.written ? [...p.written] : new Array(p.size).fill(undefined))) : undefined;
    return {
        features,
        labels: parts.flatMap((p) => [...p.labels]),
        size,
        offset,
        ...(lines ? { lines } : {}),
        ...(parts.some((p) => p.where) ? { where: (i) => { const [p, k] = locate(i); return p.where?.(k) ?? `sample ${p.offset + k}`; } } : {}),
        ...(written ? { written } : {})
    };
}

/**
 * Does an ONNX model keep tensors in files beside it (TensorProto data_location = EXTERNAL)?
 * onnxruntime resolves those files against the model's folder when it loads the model from a path,
 * but against the process's working directory when it loads it from bytes; so a model with external
 * data must be loaded from its path. A minimal protobuf walk over the messages that can hold a
 * tensor: initializers, sparse initializers, node attributes (Constant values, subgraphs of If/Loop/
 * Scan), functions and training graphs. The big raw_data fields are skipped by their length.
 */
// field numbers from onnx.proto
const MODEL = { graph: 7, trainingInfo: 20, functions: 25 };
const TRAINING_INFO = { initialization: 1, algorithm: 2 };
const GRAPH = { node: 1, initializer: 5, sparseInitializer: 15 };
const NODE = { attribute: 5 };
const FUNCTION = { node: 7 };
const ATTRIBUTE = { t: 5, g: 6, tensors: 10, graphs: 11, sparseTensor: 22, sparseTensors: 23 };
const SPARSE = { values: 1, indices: 2 };
const TENSOR = { externalData: 13, dataLocation: 14 };
const EXTERNAL = 1;
class Malformed extends Error {
}
/** Calls `visit` for each field of the message in bytes[start, end); LEN fields get their payload's range. */
function fields(b, start, end, visit) {
    let p = start;
    const varint = () => {
        let v = 0;
        let scale = 1;
        for (let i = 0; i < 10; i++) {
            if (p >= end)
                throw new Malformed();
            const byte = b[p++];
            v += (byte & 0x7f) * scale;
            if (byte < 0x80)
                return v;
            scale *= 128;
        }
        throw new Malformed();
    };
    while (p < end) {
        const key = varint();
        const field = Math.floor(key / 8);
        const wire = key % 8;
        if (wire === 0)
            visit(field, wire, p, p, varint());
        else if (wire === 1 || wire === 5) {
            p += wire === 1 ? 8 : 4;
            if (p > end)
                throw new Malformed();
        }
        else if (wire === 2) {
            const len = varint();
            if (p + len > end)
                throw new Malformed();
            visit(field, wire, p, p + len, len);
            p += len;
        }
        else
            throw new Malformed(); // groups (3, 4) are not used by onnx.proto
    }
}
/**
 * true: some tensor's data is external; false: none is; undefined: the bytes are not a model this
 * walk can read (let onnxruntime say what is wrong, from the path).
 */
function hasExternalData(bytes) {
    let found = false;
    const tensor = (s, e) => {
        fields(bytes, s, e, (f, w, _s, _e, v) => {
            if ((f === TENSOR.dataLocation && w === 0 && v === EXTERNAL) || (f === TENSOR.externalData && w === 2))
                found = true;
        });
    };
    const sparse = (s, e) => {
        fields(bytes, s, e, (f, w, fs, fe) => {
            if (w === 2 && (f === SPARSE.values || f === SPARSE.indices))
                tensor(fs, fe);
        });
    };
    const attribute = (s, e) => {
        fields(bytes, s, e, (f, w, fs, fe) => {
            if (w !== 2)
                return;
            if (f === ATTRIBUTE.t || f === ATTRIBUTE.tensors)
                tensor(fs, fe);
            else if (f === ATTRIBUTE.g || f === ATTRIBUTE.graphs)
                graph(fs, fe);
            else if (f === ATTRIBUTE.sparseTensor || f === ATTRIBUTE.sparseTensors)
                sparse(fs, fe);
        });
    };
    const node = (s, e) => {
        fields(bytes, s, e, (f, w, fs, fe) => {
            if (f === NODE.attribute && w === 2)
                attribute(fs, fe);
        });
    };
    const graph = (s, e) => {
        fields(bytes, s, e, (f, w, fs, fe) => {
            if (w !== 2)
                return;
            if (f === GRAPH.initializer)
                tensor(fs, fe);
            else if (f === GRAPH.sparseInitializer)
                sparse(fs, fe);
            else if (f === GRAPH.node)
                node(fs, fe);
        });
    };
    try {
        let sawGraph = false;
        fields(bytes, 0, bytes.length, (f, w, fs, fe) => {
            if (w !== 2)
                return;
            if (f === MODEL.graph) {
                sawGraph = true;
                graph(fs, fe);
            }
            else if (f === MODEL.functions) {
                fields(bytes, fs, fe, (g, gw, gs, ge) => {
                    if (g === FUNCTION.node && gw === 2)
                        node(gs, ge);
                });
            }
            else if (f === MODEL.trainingInfo) {
                fields(bytes, fs, fe, (g, gw, gs, ge) => {
                    if (gw === 2 && (g === TRAINING_INFO.initialization || g === TRAINING_INFO.algorithm))
                        graph(gs, ge);
                });
            }
        });
        return sawGraph ? found : undefined;
    }
    catch (e) {
        // RangeError: subgraphs nested deeper than the stack; onnxruntime will say what it makes of them
        if (e instanceof Malformed || e instanceof RangeError)
            return undefined;
        throw e;
    }
}

/**
 * Feeds a test set to a Session: picks the input and output, fits batches to the model's batch
 * dimension (padding a fixed-size last batch), reshapes flat samples to the model's input, and
 * turns the chosen output into float64 class scores.
 */
// float32 features hold whole numbers exactly up to 2^24: beyond, an integer input would get a rounded id.
const FLOAT32_EXACT = 2 ** 24;
const FLOAT_TYPES$1 = new Set(['float32', 'float64', 'float16']);
// A row of probabilities sums to 1 within float32 rounding over a few thousand classes.
const SUM_TOLERANCE = 1e-3;
function describe(t) {
    return `${t.name} (${t.type} [${t.shape.join(', ') || '?'}])`;
}
class ModelRunner {
    session;
    options;
    input;
    /** The dtype the single input takes (features arrive as float32 and are converted once, checked to fit). */
    inputType;
    /** Samples per session.run: the model's fixed batch, or batch-size. */
    batchSize;
    fixedBatch;
    sampleDims;
    outputName;
    kind;
    fetch;
    constructor(session, sampleShape, options) {
        this.session = session;
        this.options = options;
        if (options.bound) {
            // Several inputs, fed by name: the reader checked shapes and converted values; the runner
            // fits the batch dimension (the first input that fixes one decides it).
            this.input = session.inputs[0];
            this.inputType = isModelDtype(this.input.type) ? this.input.type : 'float32';
            const fixed = session.inputs.map((i) => i.shape[0]).find((d) => typeof d === 'number' && d > 0);
            this.fixedBatch = fixed;
            this.batchSize = fixed ?? options.batchSize;
            this.sampleDims = [];
        }
        else {
            this.input = pickInput(session.inputs, options.inputName);
            if (!isModelDtype(this.input.type)) {
                throw new ModelError(`model input ${describe(this.input)} takes ${this.input.type}; model-gate feeds ${MODEL_DTYPES.join(', ')} tensors (export the model with one of those input types)`, 'input-name');
            }
            this.inputType = this.input.type;
            const batchDim = this.input.shape[0];
            this.fixedBatch = typeof batchDim === 'number' && batchDim > 0 ? batchDim : undefined;
            this.batchSize = this.fixedBatch ?? options.batchSize;
            this.sampleDims = fitSample(this.input, sampleShape);
            this.checkBatchBytes(options.batchSize);
        }
        if (options.outputName !== undefined && !session.outputs.some((o) => o.name === options.outputName)) {
            throw new ModelError(`output-name '${options.outputName}' is not an output of the model; its outputs are: ${session.outputs.map(describe).join(', ')}`, 'output-name');
        }
        this.outputName = options.outputName;
        if (options.outputKind !== 'auto')
            this.kind = options.outputKind;
    }
    /**
     * A batch is allocated whole (and a fixed one padded whole): refuse one bigger than a single
     * buffer may be on this machine, saying which input to lower, before anything is allocated.
     */
    checkBatchBytes(requested) {
        const per = this.sampleDims.reduce((a, b) => a * b, 1);
        const bytesPerValue = this.inputType === 'float64' ? 4 + 8 : 4;
        const bytes = this.batchSize * per * bytesPerValue;
        const limit = maxBufferBytes();
        if (bytes <= limit)
            return;
        const most = Math.max(1, Math.floor(limit / Math.max(1, per * bytesPerValue)));
        const size = `${this.batchSize.toLocaleString('en-US')} samples × ${per.toLocaleString('en-US')} values take ${formatBytes(bytes)}, more than one batch may take on this machine (${formatBytes(limit)}: a quarter of its memory, at most one buffer)`;
        if (this.fixedBatch !== undefined) {
            throw new ModelError(`model input ${describe(this.input)} has a fixed batch of ${this.fixedBatch}: ${size}; export the model with a dynamic or smaller batch dimension`, 'model');
        }
        throw new InputError(`input 'batch-size' is ${requested}: ${size}; lower batch-size to at most ${most.toLocaleString('en-US')}`, 'batch-size');
    }
    get provider() {
        return this.session.provider;
    }
    get output() {
        return this.outputName;
    }
    get outputKind() {
        return this.kind;
    }
    /** Runs `size` samples (features row-major, or `inputs` by name) and returns their class scores. */
    async run(features, size, offset, inputs) {
        const rows = this.fixedBatch ?? size;
        if (size > rows)
            throw new RangeError(`size must be at most the model's fixed batch ${rows}, got ${size}`);
        const tensors = inputs ? this.namedTensors(inputs, size, rows) : [this.featureTensor(features, size, rows, offset)];
        const fetch = this.outputName !== undefined ? (this.fetch ??= [this.outputName]) : this.session.outputs.map((o) => o.name);
        const result = await this.session.run(tensors.length === 1 ? tensors[0] : tensors, fetch);
        const name = this.outputName ?? pickOutput(this.session.outputs, result, rows);
        this.outputName = name;
        return this.toScores(result[name], rows, size, offset);
    }
    featureTensor(features, size, rows, offset) {
        const per = this.sampleDims.reduce((a, b) => a * b, 1);
        let data = features;
        if (rows !== size) {
            // A fixed batch dimension: pad the last, short batch with zeros and drop those rows after.
            data = new Float32Array(rows * per);
            data.set(features.subarray(0, size * per));
        }
        const type = this.inputType;
        let converted = data;
        if (type === 'float64')
            converted = Float64Array.from(data);
        else if (type !== 'float32') {
            const misfit = (i, value, why) => new InputError(`test-data: model input '${this.input.name}' takes ${type}, and sample ${offset + Math.floor(i / Math.max(1, per))} has ${value}, which ${why}`, 'test-data');
            if (type === 'int64' || type === 'int32') {
                const i = data.findIndex((v) => Math.abs(v) > FLOAT32_EXACT);
                if (i >= 0)
                    throw misfit(i, String(data[i]), `is beyond 2^24, where this test-data format (read as float32) cannot hold whole numbers exactly; save an .npz with an ${type} array`);
            }
            converted = convertValues(data, 'f4', type, misfit);
        }
        return { name: this.input.name, type, data: converted, dims: [rows, ...this.sampleDims] };
    }
    namedTensors(inputs, size, rows) {
        return Object.entries(inputs).map(([name, t]) => {
            const info = this.session.inputs.find((i) => i.name === name);
            let data = t.data;
            if (rows !== size) {
                const per = data.length / size;
                const padded = new data.constructor(rows * per);
                padded.set(data);
                data = padded;
            }
            return { name: info.name, type: info.type, data, dims: [rows, ...t.dims] };
        });
    }
    toScores(t, rows, size, offset) {
        const dims = t.dims;
        if (!FLOAT_TYPES$1.has(t.type) || !(dims.length === 2 || dims.length === 1) || dims[0] !== rows) {
            throw new ModelError(`output '${this.outputName}' is ${t.type} [${dims.join(', ')}]; model-gate needs float scores of shape [batch, classes] (choose another with output-name)`, 'output-name');
        }
        const cols = dims.length === 2 ? dims[1] : 1;
        if (cols === 0) {
            throw new ModelError(`output '${this.outputName}' is ${t.type} [${dims.join(', ')}]: it has no class columns to score; choose the output that holds the class scores with output-name`, 'output-name');
        }
        const src = floatValues(t);
        for (let i = 0; i < size * cols; i++) {
            const v = src[i];
            if (v - v !== 0) {
                throw new ModelError(`model output '${this.outputName}' is ${Number.isNaN(v) ? 'NaN' : 'infinite'} for sample ${offset + Math.floor(i / cols)}; check that sample's features and the model's preprocessing`, 'model');
            }
        }
        if (this.options.raw)
            return { scores: Float64Array.from({ length: size * cols }, (_, i) => src[i]), numClasses: cols, kind: 'logits' };
        this.checkKind(src, size, cols, offset);
        const kind = this.kind;
        if (cols === 1) {
            // One column is the positive class: a probability p becomes [1-p, p]; a logit z becomes
            // [0, z], whose softmax is [1-σ(z), σ(z)].
            const out = new Float64Array(size * 2);
            for (let i = 0; i < size; i++) {
                const v = src[i];
                out[2 * i] = kind === 'probabilities' ? 1 - v : 0;
                out[2 * i + 1] = v;
            }
            return { scores: out, numClasses: 2, kind };
        }
        const out = new Float64Array(size * cols);
        for (let i = 0; i < size * cols; i++)
            out[i] = src[i];
        return { scores: out, numClasses: cols, kind };
    }
    /** Auto: the first batch decides logits vs probabilities; every batch called probabilities must be one. */
    checkKind(src, size, cols, offset) {
        if (this.kind === 'logits')
            return;
        const bad = firstNonProbabilityRow(src, size, cols);
        if (this.kind === undefined) {
            this.kind = bad === undefined ? 'probabilities' : 'logits';
            return;
        }
        if (bad !== undefined) {
            const how = this.options.outputKind === 'auto' ? 'was detected as probabilities from the first batch' : 'is set to probabilities';
            throw new ModelError(`output-kind ${how}, but sample ${offset + bad} of '${this.outputName}' is not a probability row (values in [0,1]${cols > 1 ? ' summing to 1' : ''}); set output-kind: logits`, 'output-kind');
        }
    }
}
/**
 * The output's values as numbers. onnxruntime-node hands float16 back as a Uint16Array of bit
 * patterns (Node 20 has no Float16Array): read as numbers, 1.0 would be scored as 15360.
 */
function floatValues(t) {
    if (t.type === 'float16' && Object.prototype.toString.call(t.data) === '[object Uint16Array]')
        return float16(t.data);
    return t.data;
}
function firstNonProbabilityRow(src, size, cols) {
    for (let i = 0; i < size; i++) {
        let sum = 0;
        for (let j = 0; j < cols; j++) {
            const v = src[i * cols + j];
            if (v < -1e-6 || v > 1 + 1e-6)
                return i;
            sum += v;
        }
        if (cols > 1 && Math.abs(sum - 1) > SUM_TOLERANCE)
            return i;
    }
    return undefined;
}
function pickInput(inputs, name) {
    if (name !== undefined) {
        const found = inputs.find((i) => i.name === name);
        if (!found)
            throw new ModelError(`input-name '${name}' is not an input of the model; its inputs are: ${inputs.map(describe).join(', ')}`, 'input-name');
        return found;
    }
    if (inputs.length !== 1) {
        throw new ModelError(`the model has ${inputs.length} inputs (${inputs.map(describe).join(', ')}); say which one takes the test data with input-name`, 'input-name');
    }
    return inputs[0];
}
/** The first floating-point output of rank 2 (models often put an int64 label output first). */
function pickOutput(outputs, result, rows) {
    const candidates = outputs.map((o) => [o.name, result[o.name]]).filter(([, t]) => t && FLOAT_TYPES$1.has(t.type));
    const rank2 = candidates.find(([, t]) => t.dims.length === 2 && t.dims[0] === rows);
    const rank1 = candidates.find(([, t]) => t.dims.length === 1 && t.dims[0] === rows);
    const chosen = rank2 ?? rank1;
    if (!chosen) {
        throw new ModelError(`the model has no floating-point output of shape [batch, classes]; its outputs are: ${outputs.map(describe).join(', ')}; name one with output-name`, 'output-name');
    }
    return chosen[0];
}
/** Per-sample dims to feed: the model's, when the data has the same number of values per sample. */
function fitSample(input, sampleShape) {
    const modelDims = input.shape.slice(1);
    const have = sampleShape.reduce((a, b) => a * b, 1);
    const want = describe(input);
    if (input.shape.length === 0)
        return [...sampleShape];
    if (modelDims.every((d) => typeof d === 'number' && d > 0)) {
        const need = modelDims.reduce((a, b) => a * b, 1);
        if (need !== have) {
            throw new ModelError(`test-data has ${have} values per sample (shape [${sampleShape.join(', ')}]) but model input ${want} takes ${need}; check test-data, input-key, feature-columns or the image preprocessing`, 'test-data');
        }
        return modelDims;
    }
    if (modelDims.length !== sampleShape.length || modelDims.some((d, i) => typeof d === 'number' && d > 0 && d !== sampleShape[i])) {
        throw new ModelError(`test-data samples have shape [${sampleShape.join(', ')}] but model input ${want} does not fit it; check test-data and layout`, 'test-data');
    }
    return [...sampleShape];
}

/**
 * Runs one model over one test set, whatever the task: load, stream batches through the runner
 * (reading the next batch while the model runs on this one), hand every batch to the task's
 * accumulator as it is read (its labels) and once scored, report progress, release. Outside effects
 * come in through Runtime and TestSet, so tests can use fakes.
 */
/**
 * @param raw the model's outputs as they are (regression), rather than read as class scores
 */
async function runModel(modelPath, modelUri, testSet, options, runtime, log, accumulator) {
    // The first batch is decoded while the model loads (image folders, off the main thread, which
    // onnxruntime blocks while it creates the session); consumed only after the model's own checks, so
    // a bad model is still reported before a bad first file.
    const early = testSet.prefetch?.(options.batchSize);
    const { session, sha256 } = await loadModel(modelPath, options, runtime, log, early);
    try {
        const bound = await bindInputs(session, testSet, options);
        const input = options.inputName !== undefined ? session.inputs.find((i) => i.name === options.inputName) : session.inputs.length === 1 ? session.inputs[0] : undefined;
        if (input && !bound)
            testSet.adapt?.(input.shape);
        // the CPU is free while a GPU runs: decode on every core (MODEL_GATE_TEST_DECODE_POOL forces it, for tests)
        const workers = decodeWorkers(session.provider);
        if (workers > 0 && testSet.parallel?.(workers))
            log.info(`decoding images on ${workers} worker threads (the model runs on ${session.provider === 'cuda' ? 'CUDA' : `CPU: ${DECODE_POOL_ENV} is set`})`);
        const runner = new ModelRunner(session, testSet.sampleShape, { ...options, bound });
        if (bound)
            log.info(`inputs: ${bound.fed.map((f) => `${f.name} (${f.dtype}) ← ${f.source} (${f.data_dtype ?? '?'} [${f.shape.join(', ')}])`).join('; ')}`);
        if (runner.fixedBatch !== undefined && runner.fixedBatch !== options.batchSize) {
            log.info(`model input '${runner.input.name}' has a fixed batch of ${runner.fixedBatch}: feeding ${runner.fixedBatch} sample(s) per run instead of batch-size ${options.batchSize}`);
        }
        const started = performance.now();
        let count = 0;
        const batches = (bound ?? testSet).batches(runner.batchSize)[Symbol.asyncIterator]();
        const progress = progressLog(testSet.size, log);
        // Read the next batch while the model runs on this one.
        let pending = batches.next();
        let first = true;
        try {
            for (;;) {
                const { done, value: batch } = await pending;
                // The labels are read as the file is: a bad one is refused before the model runs on it.
                const labels = done ? undefined : accumulator.read(batch);
                if (first)
                    accumulator.start?.(session, runner);
                first = false;
                if (done)
                    break;
                pending = batches.next();
                pending.catch(() => { }); // surfaced when awaited; avoids an unhandled rejection if the model fails first
                const scored = await runner.run(batch.features, batch.size, batch.offset, batch.inputs);
                accumulator.update(scored, batch, labels, runner);
                count += batch.size;
                progress(batch.offset + batch.size);
            }
        }
        finally {
            await batches.return?.(undefined);
        }
        const seconds = (performance.now() - started) / 1000;
        if (count === 0)
            throw new DataError(`test-data: ${testSet.path} holds no samples; point it at a non-empty test set`, 'test-data');
        const result = accumulator.finish(runner);
        return {
            model: {
                uri: modelUri,
                sha256,
                input: bound ? bound.fed.map((f) => f.name).join(', ') : runner.input.name,
                output: runner.output,
                inputs: bound?.fed ?? [{ name: runner.input.name, source: testSet.path, dtype: runner.inputType, shape: [result.n_samples, ...testSet.sampleShape] }]
            },
            runtime: runtimeInfo(session, options.device, runner.batchSize, seconds, result.n_samples),
            result,
            runner
        };
    }
    finally {
        await session.release();
    }
}
const FLOAT_INPUTS = new Set(['float32', 'float64']);
/**
 * Whether the model's inputs are fed by name, and from what: several inputs (with no input-name
 * picking one), an `inputs` mapping, a single int/bool/float16 input of an .npz (its values read as
 * they are, not through float32), or an .npz with named arrays but no input-key one.
 */
async function bindInputs(session, testSet, options) {
    const inputs = session.inputs;
    const single = inputs.length === 1 ? inputs[0] : undefined;
    const mapping = options.inputs;
    const several = inputs.length > 1 && options.inputName === undefined;
    const exact = single !== undefined && !FLOAT_INPUTS.has(single.type) && testSet.exactSingle === true;
    if (!mapping && !several && !exact && !testSet.unfed)
        return undefined;
    if (!testSet.bind) {
        const what = several ? `the model has ${inputs.length} inputs (${inputs.map((i) => `${i.name}: ${i.type} [${i.shape.join(', ')}]`).join(', ')})` : "input 'inputs' is set";
        throw new DataError(`test-data: ${what}; inputs are fed by name from an .npz's arrays, a JSONL's keys or a CSV's columns (one per input, plus the labels), and ${testSet.path} is none of them; save it with numpy.savez, or set input-name to feed a single input`, several ? 'test-data' : 'inputs');
    }
    if (testSet.unfed && !mapping && !several && single && options.inputName === undefined)
        return testSet.bind(inputs, mapping);
    // A single input is fed from the array input-key names, as before there were several.
    const picked = !several && !mapping ? new Map([[(single ?? inputs.find((i) => i.name === options.inputName)).name, options.inputKey ?? 'x']]) : mapping;
    const fed = several || mapping ? inputs : inputs.filter((i) => i.name === (options.inputName ?? single.name));
    return testSet.bind(fed, picked);
}
/** The session and the file's sha256; the bytes live only in here, not for the whole run. */
async function loadModel(modelPath, options, runtime, log, early) {
    const read = await readModel(modelPath, options.modelInput ?? 'model');
    await early;
    const session = await runtime.load(modelPath, options.device, log, options.modelInput, read.bytes);
    return { session, sha256: await read.sha256 };
}
/**
 * Models up to this size are read once, into memory: hashed, then loaded from the same bytes. The
 * bytes raise the peak RSS by about the model's size while the session is created (ResNet18's 43 MB:
 * 597 → 643 MiB); above this, the file is read twice instead.
 */
const MODEL_BYTES_LIMIT = 256 * 1024 * 1024;
/**
 * The model file, read once: its sha256 (computed on libuv's thread pool while onnxruntime creates
 * the session) and its bytes for the session. A model above MODEL_BYTES_LIMIT, or one with external
 * data (onnxruntime would look for those files in the working directory, not beside the model), is
 * hashed as a stream and loaded from its path.
 */
async function readModel(modelPath, input) {
    const info = await regularFile(modelPath, { label: input, input, error: ModelError });
    if (info.size > MODEL_BYTES_LIMIT)
        return { sha256: modelSha256(modelPath, input), bytes: undefined };
    const bytes = await readFile(modelPath).catch((e) => {
        throw new ModelError(`${input}: cannot read ${modelPath} (${e.code ?? e.message}); check the path, relative to the workspace`, input);
    });
    const sha256 = crypto.subtle.digest('SHA-256', bytes).then((d) => Buffer.from(d).toString('hex'));
    sha256.catch(() => { }); // awaited after the session is created; a failed load must not leave it unhandled
    return { sha256, bytes: hasExternalData(bytes) === false ? bytes : undefined };
}
/** The model file's sha256, streamed (a model can be bigger than one buffer); refuses anything but a regular file. */
async function modelSha256(modelPath, input) {
    await regularFile(modelPath, { label: input, input, error: ModelError });
    return sha256File(modelPath).catch((e) => {
        throw new ModelError(`${input}: cannot read ${modelPath} (${e.code ?? e.message}); check the path, relative to the workspace`, input);
    });
}
const DECODE_POOL_ENV = 'MODEL_GATE_TEST_DECODE_POOL';
/**
 * Decode workers for this run: as many as the machine has cores when the model runs on CUDA (the
 * main thread only feeds the GPU), none on CPU (measured on 2 cores: onnxruntime slows down by what
 * the main thread saves). MODEL_GATE_TEST_DECODE_POOL=<n> is a hook for model-gate's own tests and
 * benchmarks, which have no GPU: n workers on a CPU run.
 */
function decodeWorkers(provider, env = process.env) {
    const forced = Number(env[DECODE_POOL_ENV] ?? '');
    if (Number.isInteger(forced) && forced > 0)
        return Math.min(forced, 64);
    return provider === 'cuda' ? availableParallelism() : 0;
}
/** The runtime block of metrics.json: where and how fast the model ran. */
function runtimeInfo(session, device, batchSize, seconds, samples) {
    return {
        device: session.provider === 'cuda' ? `cuda:${device.kind === 'cuda' ? device.deviceId : 0}` : 'cpu',
        provider: session.provider,
        batch_size: batchSize,
        seconds,
        samples_per_second: seconds > 0 ? samples / seconds : 0,
        ...(session.version ? { onnxruntime: session.version } : {})
    };
}
/**
 * A progress line every few seconds on long runs (samples, samples/s, ETA when the size is known),
 * so a big evaluation does not look stuck. MODEL_GATE_PROGRESS_SECONDS sets the interval.
 */
function progressLog(total, log) {
    const every = Number(process.env.MODEL_GATE_PROGRESS_SECONDS ?? 5) * 1000;
    const started = performance.now();
    let last = started;
    return (done) => {
        const now = performance.now();
        if (now - last < every)
            return;
        last = now;
        const rate = done / ((now - started) / 1000);
        const eta = total !== undefined && rate > 0 ? `, ETA ${Math.ceil((total - done) / rate)} s` : '';
        log.info(`progress: ${done.toLocaleString('en-US')}${total !== undefined ? ` / ${total.toLocaleString('en-US')}` : ''} samples (${Math.round(rate).toLocaleString('en-US')}/s${eta})`);
    };
}

/**
 * A shard's partial state: the identity a merge checks (model sha256, test set, settings, slice) and
 * the task's per-sample rows — for the model and, when it ran, the baseline model. Rows, not sums:
 * a merge joins them in test-set order and replays the task's own accumulators, so every float is
 * summed in the single run's order and comes out bit-identical (sums of sums would not).
 */
const SHARD_FORMAT = 'model-gate-shard';
const SHARD_VERSION = 1;
/** Unique per shard, so `merge-multiple: true` can put every shard's file in one folder. */
const shardFileName = (index, count) => `model-gate-shard-${index}-of-${count}.json`;
const SHARD_FILE = /^model-gate-shard-(\d+)-of-(\d+)\.json$/;
function encode(rows) {
    const out = {};
    for (const [k, v] of Object.entries(rows)) {
        if (v instanceof Int32Array)
            out[k] = { dtype: 'int32', length: v.length, base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
        else if (v instanceof Float64Array) {
            // most models output float32: stored as float32 when that loses nothing, half the bytes
            const f = Float32Array.from(v);
            const exact = f.every((x, i) => x === v[i] || (Number.isNaN(x) && Number.isNaN(v[i])));
            const a = exact ? f : v;
            out[k] = { dtype: exact ? 'float32' : 'float64', length: v.length, base64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') };
        }
        else
            out[k] = v;
    }
    return out;
}
function decode(rows, file) {
    const out = {};
    for (const [k, v] of Object.entries(rows)) {
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
            const e = v;
            const bytes = Buffer.from(e.base64, 'base64');
            const copy = new Uint8Array(bytes); // aligned
            const a = e.dtype === 'int32' ? new Int32Array(copy.buffer) : e.dtype === 'float32' ? Float64Array.from(new Float32Array(copy.buffer)) : e.dtype === 'float64' ? new Float64Array(copy.buffer) : undefined;
            if (!a || a.length !== e.length)
                throw new ShardError(`merge: ${file} is damaged (rows '${k}'); download the shard artifact again`, 'merge');
            out[k] = a;
        }
        else
            out[k] = v;
    }
    return out;
}
async function writeShardState(dir, state) {
    const file = path.join(dir, shardFileName(state.shard.index, state.shard.count));
    const doc = {
        ...state,
        current: { ...state.current, rows: encode(state.current.rows) },
        baseline: state.baseline ? { ...state.baseline, rows: encode(state.baseline.rows) } : null
    };
    await writeFile(file, JSON.stringify(doc) + '\n');
    return file;
}
/** Every shard file anywhere below `folder` (one folder per artifact, or all in one). */
async function findShardFiles(folder) {
    let entries;
    try {
        entries = await readdir(folder, { recursive: true, withFileTypes: true });
    }
    catch (e) {
        throw new ShardError(`input 'merge': cannot read the folder ${folder} (${e.code ?? e.message}); give the folder actions/download-artifact wrote the shard artifacts to`, 'merge');
    }
    return entries
        .filter((d) => d.isFile() && SHARD_FILE.test(d.name))
        .map((d) => path.join(d.parentPath ?? d.path, d.name))
        .sort();
}
async function readShard(file) {
    let doc;
    try {
        doc = JSON.parse(await readFile(file, 'utf8'));
    }
    catch (e) {
        throw new ShardError(`merge: cannot read ${file} as a shard state (${e.message.slice(0, 120)}); download the shard artifact again`, 'merge');
    }
    if (doc.format !== SHARD_FORMAT || doc.version !== SHARD_VERSION) {
        throw new ShardError(`merge: ${file} is not a model-gate shard state of version ${SHARD_VERSION}; run every shard with the same model-gate version`, 'merge');
    }
    const s = doc;
    return {
        ...s,
        current: { ...s.current, rows: decode(s.current.rows, file) },
        baseline: s.baseline ? { ...s.baseline, rows: decode(s.baseline.rows, file) } : null
    };
}
const stable = (v) => JSON.stringify(v);
/** Only the settings that differ, as `name=value`. */
function differingSettings(theirs, ours) {
    const keys = [...new Set([...Object.keys(theirs), ...Object.keys(ours)])].filter((k) => stable(theirs[k]) !== stable(ours[k]));
    const show = (o) => keys.map((k) => `${k}=${stable(o[k] ?? null)}`).join(', ');
    return ['settings', show(theirs), show(ours)];
}
/** What must match across shards, and how a mismatch is named. */
function sameness(s) {
    return [
        ['task', s.task],
        ['model sha256', s.current.model.sha256],
        ['test set', `${s.data.path} (sha256 ${s.data.sha256})`],
        ['test-set size', String(s.shard.total)],
        ['shard count', String(s.shard.count)],
        ['settings', stable(s.settings)],
        ['baseline', s.baseline ? `${s.baseline.source} (sha256 ${s.baseline.model.sha256})` : 'none']
    ];
}
/**
 * Reads and checks every shard below `folder`: one set of 1..n, each exactly once, all of the same
 * model, test set, settings and baseline, slices that tile the test set. The first problem is one
 * error naming the file it is about.
 */
async function readShards(folder) {
    const files = await findShardFiles(folder);
    if (files.length === 0)
        throw new ShardError(`input 'merge': no shard states (model-gate-shard-<i>-of-<n>.json) below ${folder}; download the shard jobs' artifacts there first`, 'merge');
    const states = [];
    for (const file of files)
        states.push({ file, state: await readShard(file) });
    // the foreign shard is the one that differs from the most shards (with two, the later file)
    const key = (st) => stable(sameness(st));
    const votes = new Map();
    for (const { state } of states)
        votes.set(key(state), (votes.get(key(state)) ?? 0) + 1);
    const usual = [...votes.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const first = states.find((s) => key(s.state) === usual);
    const expected = sameness(first.state);
    for (const { file, state } of states) {
        const got = sameness(state);
        for (let i = 0; i < expected.length; i++) {
            if (got[i][1] === expected[i][1])
                continue;
            const [what, theirs, ours] = expected[i][0] === 'settings' ? differingSettings(state.settings, first.state.settings) : [expected[i][0], got[i][1], expected[i][1]];
            throw new ShardError(`merge: ${file} is foreign: its ${what} ${/s$/.test(what) ? 'are' : 'is'} ${theirs}, but ${first.file} has ${ours}; merge only the shards of one evaluation`, 'merge');
        }
    }
    const n = first.state.shard.count;
    const byIndex = new Map();
    for (const { file, state } of states) {
        const i = state.shard.index;
        const named = SHARD_FILE.exec(path.basename(file));
        if (Number(named[1]) !== i || Number(named[2]) !== n)
            throw new ShardError(`merge: ${file} holds shard ${i}/${state.shard.count}, not what its name says; do not rename shard files`, 'merge');
        const seen = byIndex.get(i);
        if (seen !== undefined)
            throw new ShardError(`merge: shard ${i}/${n} is there twice (${seen} and ${file}); give merge one copy of each shard`, 'merge');
        byIndex.set(i, file);
    }
    const missing = Array.from({ length: n }, (_, k) => k + 1).filter((i) => !byIndex.has(i));
    if (missing.length > 0) {
        throw new ShardError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} missing below ${folder} (found ${[...byIndex.keys()].sort((a, b) => a - b).join(', ')}); wait for every shard job, or rerun the one that failed`, 'merge');
    }
    const ordered = states.sort((a, b) => a.state.shard.index - b.state.shard.index);
    let at = 0;
    for (const { file, state } of ordered) {
        const rows = Object.values(state.current.rows).find((v) => v instanceof Int32Array || v instanceof Float64Array);
        if (state.shard.from !== at)
            throw new ShardError(`merge: ${file} covers samples ${state.shard.from}–${state.shard.to}, which does not follow the shard before it; rerun the shard`, 'merge');
        if (rows === undefined)
            throw new ShardError(`merge: ${file} holds no rows; rerun the shard`, 'merge');
        at = state.shard.to;
    }
    if (at !== first.state.shard.total)
        throw new ShardError(`merge: the shards cover ${at} of ${first.state.shard.total} samples; rerun every shard with the same model-gate version`, 'merge');
    return { shards: ordered.map((s) => s.state), files: ordered.map((s) => s.file) };
}
/** The rows of every shard joined in shard order (= test-set order); plain values are the first shard's. */
function joinRows(parts) {
    const out = {};
    for (const [k, v] of Object.entries(parts[0])) {
        if (v instanceof Int32Array || v instanceof Float64Array) {
            const arrays = parts.map((p) => p[k]);
            const joined = new v.constructor(arrays.reduce((s, a) => s + a.length, 0));
            let at = 0;
            for (const a of arrays) {
                joined.set(a, at);
                at += a.length;
            }
            out[k] = joined;
        }
        else
            out[k] = v;
    }
    return out;
}
/** The runtime block of a merge: the shards' device, their summed seconds (the compute spent, not the wall time). */
function mergedRuntime(parts, samples) {
    const seconds = parts.reduce((s, r) => s + r.seconds, 0);
    return { ...parts[0], seconds, samples_per_second: seconds > 0 ? samples / seconds : 0 };
}

/**
 * What a shard run and a merge run do around the one pipeline (src/pipeline.ts): the settings a
 * merge checks for equality, the partial state written by a shard, and the evaluations a merge
 * rebuilds from all shards' rows.
 */
/** Inputs that change what the model sees or how its outputs are read: every shard must agree. */
function shardSettings(config) {
    return {
        ...preprocessingOf(config),
        // read as given even without a tokenizer, as shards always compared it
        text_column: config.textColumn,
        labels: config.labels ?? null,
        input_name: config.inputName ?? null,
        output_name: config.outputName ?? null,
        batch_size: config.batchSize,
        skip_bad_files: config.skipBadFiles,
        task: config.task,
        baseline: config.baseline ?? null
    };
}
async function writeShard(task, dir, slice, config, data, result, baseline, skipped, testSet) {
    const state = {
        format: 'model-gate-shard',
        version: 1,
        task: task.name,
        shard: slice,
        data,
        settings: shardSettings(config),
        current: { model: result.model, runtime: result.runtime, rows: task.rowsOf(result) },
        baseline: baseline?.evaluation
            ? { source: baseline.source, version: baseline.version ?? null, model: baseline.evaluation.model, runtime: baseline.evaluation.runtime, rows: task.rowsOf(baseline.evaluation) }
            : null,
        skipped: skipped ?? null,
        files: misclassifiedFiles(result, testSet)
    };
    return writeShardState(dir, state);
}
/** The files a merged report names (misclassified.csv, the contact sheet), so a merge needs no test set. */
function misclassifiedFiles(result, testSet) {
    const samples = result.samples;
    if (!testSet.sampleFile || !samples?.labels || !samples.predicted)
        return null;
    const files = {};
    for (let i = 0; i < samples.labels.length; i++) {
        if (samples.labels[i] === samples.predicted[i])
            continue;
        const f = testSet.sampleFile(i);
        if (f !== undefined)
            files[String(i)] = path.relative(testSet.path, f);
    }
    return files;
}
/**
 * The whole evaluation from the shards below `folder`: refuses an incomplete, duplicated or foreign
 * set, and a `model` (or `baseline`) that is not the one the shards ran.
 */
async function mergeShards(task, read, config, model) {
    const { shards, files } = read;
    const first = shards[0];
    if (first.task !== task.name)
        throw new ShardError(`merge: the shards ran task ${first.task}, not ${task.name}; set task: ${first.task} or leave it auto`, 'merge');
    const sha = await modelSha256(path.resolve(model.path), 'model');
    if (sha !== first.current.model.sha256) {
        throw new ShardError(`merge: model ${model.uri} has sha256 ${sha}, but the shards (${files[0]}) evaluated sha256 ${first.current.model.sha256}; give merge the model the shards ran`, 'merge');
    }
    const named = first.settings.baseline ?? null;
    if (config.baseline !== undefined && config.baseline !== named && path.extname(config.baseline).toLowerCase() !== '.json') {
        throw new ShardError(`merge: baseline is '${config.baseline}' but the shards ran with baseline ${named === null ? 'unset' : `'${named}'`}; set the same baseline in the shard jobs and the merge job`, 'merge');
    }
    if (config.testData && path.resolve(config.testData) !== path.resolve(first.data.path) && config.testData !== first.data.path) {
        throw new ShardError(`merge: test-data is '${config.testData}' but the shards evaluated '${first.data.path}'; leave test-data unset in the merge job or give the same path`, 'merge');
    }
    const n = first.shard.total;
    const batch = first.current.runtime.batch_size;
    const result = task.replay(joinRows(shards.map((s) => s.current.rows)), wholeInputs({ ...first.current.model, uri: model.uri }, n), mergedRuntime(shards.map((s) => s.current.runtime), n), batch);
    let baseline;
    if (first.baseline) {
        const b = first.baseline;
        const evaluation = task.replay(joinRows(shards.map((s) => s.baseline.rows)), wholeInputs(b.model, n), mergedRuntime(shards.map((s) => s.baseline.runtime), n), batch);
        baseline = { source: b.source, version: b.version ?? undefined, metrics: task.metricsOf(evaluation), evaluation };
    }
    const classNames = first.current.rows.class_names ?? undefined;
    // sample i of the whole set is sample i - from of its shard
    const fileOf = new Map();
    for (const s of shards)
        for (const [i, f] of Object.entries(s.files ?? {}))
            fileOf.set(s.shard.from + Number(i), f);
    const testSet = {
        path: first.data.path,
        sha256: () => Promise.resolve(first.data.sha256),
        sampleShape: [],
        size: n,
        classNames,
        ...(first.files ? { sampleFile: (i) => { const f = fileOf.get(i); return f === undefined ? undefined : path.join(first.data.path, f); } } : {}),
        // eslint-disable-next-line require-yield
        async *batches() {
            throw new DataError('merge: a merge reads no samples; the shards did', 'merge');
        }
    };
    return { result, baseline, data: first.data, testSet, shards: { count: first.shard.count, files }, baselineNamed: named, skipped: first.skipped ?? undefined };
}
/** A shard's model block says what fed its slice; the merged run was fed the whole set: n rows. */
function wholeInputs(model, n) {
    const inputs = model.inputs;
    if (!Array.isArray(inputs))
        return model;
    return { ...model, inputs: inputs.map((i) => ({ ...i, shape: [n, ...i.shape.slice(1)] })) };
}

/** A classifier's baseline: read from an earlier run's metrics.json, and summed up for this one's. */
async function readMetricsJson$1(file) {
    const text = await readTextFile(file, { label: "input 'baseline'", input: 'baseline' });
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (e) {
        throw new InputError(`input 'baseline': cannot read ${file} as metrics.json (${e.message.slice(0, 120)}); give a metrics.json written by model-gate`, 'baseline');
    }
    const m = doc;
    if (m.schema_version !== 1 || typeof m.accuracy !== 'number' || !Array.isArray(m.per_class) || !Array.isArray(m.classes)) {
        throw new InputError(`input 'baseline': ${file} is not a model-gate metrics.json (schema_version 1 with accuracy, classes, per_class)`, 'baseline');
    }
    return { ...m, min_class_f1: m.min_class_f1 ?? Math.min(...m.per_class.map((c) => c.f1)) };
}
/** The baseline block of metrics.json: where it came from and its headline numbers. */
function baselineSummary(b) {
    if (!b)
        return null;
    const m = b.metrics;
    return {
        source: b.source,
        version: b.version ?? null,
        sha256: b.evaluation?.model.sha256 ?? null,
        accuracy: m.accuracy,
        loss: m.loss,
        macro_f1: m.macro_f1,
        weighted_f1: m.weighted_f1,
        macro_precision: m.macro_precision,
        macro_recall: m.macro_recall,
        // per class, for the report's per-class changes (a baseline metrics.json has them too)
        per_class: m.per_class
    };
}

/** Calibration bins: 15 equal-width bins on the top probability, (i/15, (i+1)/15]. */
const ECE_BINS = 15;
/**
 * Ranking metrics need every sample's probability row. Above this many stored values (n × classes)
 * ROC-AUC and average precision are left out rather than exhausting memory.
 */
const MAX_STORED_VALUES = 1 << 24;
function classIndices(numClasses, length) {
    return numClasses <= 1 << 8 ? new Uint8Array(length) : numClasses <= 1 << 16 ? new Uint16Array(length) : new Int32Array(length);
}
function initProbability(numClasses, kind, capacity = 1024) {
    return {
        numClasses,
        kind,
        count: 0,
        brierSum: 0,
        rankCount: new Float64Array(numClasses),
        binCount: new Float64Array(ECE_BINS),
        binConfidence: new Float64Array(ECE_BINS),
        binCorrect: new Float64Array(ECE_BINS),
        stored: capacity * numClasses <= MAX_STORED_VALUES ? newStore(numClasses, kind, capacity, Float32Array) : undefined
    };
}
function newStore(k, kind, capacity, Values) {
    return {
        values: k === 2 ? new Float64Array(capacity) : new Values(capacity * k),
        sums: k !== 2 && kind === 'logits' ? new Float64Array(capacity) : undefined,
        labels: classIndices(k, capacity)
    };
}
/** The store resized to `capacity` samples (values in float64 when `wide`), what it holds copied. */
function resized(store, k, kind, capacity, count, wide) {
    const next = newStore(k, kind, capacity, wide || store.values instanceof Float64Array ? Float64Array : Float32Array);
    const per = k === 2 ? 1 : k;
    next.values.set(store.values.subarray(0, count * per));
    if (store.sums)
        next.sums.set(store.sums.subarray(0, count));
    next.labels.set(store.labels.subarray(0, count));
    return next;
}
/** Whether every score of the batch is a float32 value (and so kept exactly in a Float32Array). */
function allFloat32(scores, length) {
    for (let i = 0; i < length; i++) {
        const v = scores[i];
        // NaN !== NaN; a NaN is kept as NaN in float32 too (its payload does not reach any metric)
        if (Math.fround(v) !== v && v === v)
            return false;
    }
    return true;
}
/** Index of the calibration bin of a top probability: bin b holds (b/15, (b+1)/15], as numpy's linspace edges. */
function eceBin(confidence) {
    // Edges are b * (1/15), exactly as np.linspace(0, 1, 16) computes them.
    const step = 1 / ECE_BINS;
    let b = Math.min(ECE_BINS - 1, Math.max(0, Math.ceil(confidence / step) - 1));
    // The division can land one bin off next to an edge; settle it against the edges themselves.
    while (b > 0 && confidence <= b * step)
        b--;
    while (b < ECE_BINS - 1 && confidence > (b + 1) * step)
        b++;
    return b;
}
function updateProbability(state, batch) {
    const k = state.numClasses;
    if (state.stored !== undefined) {
        const need = state.count + batch.size;
        const store = state.stored;
        const capacity = store.labels.length;
        const widen = k !== 2 && store.values instanceof Float32Array && !allFloat32(batch.scores, batch.size * k);
        if (need * k > MAX_STORED_VALUES) {
            state.stored = undefined;
        }
        else if (need > capacity || widen) {
            const grown = need > capacity ? Math.min(Math.floor(MAX_STORED_VALUES / k), Math.max(need, capacity * 2)) : capacity;
            state.stored = resized(store, k, state.kind, grown, state.count, widen);
        }
    }
    const stored = state.stored;
    const rows = batch.rows ?? rowStats(batch.scores, batch.labels, batch.size, k, state.kind);
    const src = rows.probs;
    for (let i = 0; i < batch.size; i++) {
        const y = batch.labels[i];
        const at = i * k;
        // Brier: binary is scikit-learn's brier_score_loss on the positive class, (p1 - y)^2; the
        // multiclass sum over classes would count that error twice.
        if (k === 2) {
            const d = src[at + 1] - y;
            state.brierSum += d * d;
        }
        else {
            let s = 0;
            for (let j = 0; j < k; j++) {
                const d = src[at + j] - (j === y ? 1 : 0);
                s += d * d;
            }
            state.brierSum += s;
        }
        // Rank of the true class: scikit-learn sorts scores stably and reverses, so among equal
        // scores the higher class index comes first.
        const py = src[at + y];
        let rank = 0;
        for (let j = 0; j < k; j++) {
            const v = src[at + j];
            if (v > py || (v === py && j > y))
                rank++;
        }
        state.rankCount[rank] += 1;
        const predicted = argmax(src, at, k);
        const confidence = src[at + predicted];
        const b = eceBin(confidence);
        state.binCount[b] += 1;
        state.binConfidence[b] += confidence;
        state.binCorrect[b] += predicted === y ? 1 : 0;
        if (stored !== undefined) {
            const j = state.count + i;
            stored.labels[j] = y;
            if (k === 2) {
                stored.values[j] = src[at + 1];
            }
            else {
                // a loop, not set(subarray()): no object a sample for the collector
                const values = stored.values;
                for (let c = 0; c < k; c++)
                    values[j * k + c] = batch.scores[i * k + c];
                if (stored.sums)
                    stored.sums[j] = rows.sums[i];
            }
        }
    }
    state.count += batch.size;
    return state;
}
function finalizeProbability(state, binaryTopOne) {
    const n = state.count;
    const k = state.numClasses;
    let ece = 0;
    const calibration = [];
    for (let b = 0; b < ECE_BINS; b++) {
        const c = state.binCount[b];
        if (c > 0)
            ece += (c / n) * Math.abs(state.binCorrect[b] / c - state.binConfidence[b] / c);
        calibration.push({
            lower: b / ECE_BINS,
            upper: (b + 1) / ECE_BINS,
            count: c,
            confidence: c > 0 ? state.binConfidence[b] / c : 0,
            accuracy: c > 0 ? state.binCorrect[b] / c : 0
        });
    }
    const topK = [];
    let hits = 0;
    for (let r = 0; r < k; r++) {
        hits += state.rankCount[r];
        topK.push(hits / n);
    }
    // Binary top-1 in scikit-learn thresholds the positive class at 0.5, which is the argmax.
    if (k === 2 && binaryTopOne !== undefined)
        topK[0] = binaryTopOne;
    let rocAuc = null;
    let ap = null;
    if (state.stored !== undefined) {
        const { values, labels } = state.stored;
        if (k === 2) {
            const pos = values.subarray(0, n);
            const truth = Uint8Array.from(labels.subarray(0, n), (y) => (y === 1 ? 1 : 0));
            // AP reads the scores in their order; ROC-AUC may then sort the column where it lies
            ap = averagePrecision(truth, pos);
            rocAuc = rocAucOf(positivesOf(truth), pos);
        }
        else {
            // the samples of each class, grouped by class in one array (a counting sort) instead of k JS arrays
            const start = new Int32Array(k + 1);
            for (let i = 0; i < n; i++)
                start[labels[i] + 1]++;
            for (let c = 0; c < k; c++)
                start[c + 1] += start[c];
            const at = start.slice(0, k);
            const byClass = new Uint32Array(n);
            for (let i = 0; i < n; i++)
                byClass[at[labels[i]]++] = i;
            // one column buffer for every class: k columns of n float64 left to the collector were the run's peak
            const buffer = new Float64Array(n);
            let sum = 0;
            for (let c = 0; c < k && sum === sum; c++) {
                const auc = rocAucOf(byClass.subarray(start[c], start[c + 1]), column(state, n, c, buffer));
                sum = auc === null ? NaN : sum + auc;
            }
            rocAuc = Number.isNaN(sum) ? null : sum / k;
        }
    }
    return { ece, brier: state.brierSum / n, roc_auc: rocAuc, average_precision: ap, top_k_accuracy: topK, calibration };
}
/**
 * Class c's probability of every sample, as toProbabilities computed it during the run: the score
 * itself for probabilities, exp(score − row max) / row sum for logits (the same operations on the
 * same float64 values, so the same bits).
 */
function column(state, n, c, out) {
    const k = state.numClasses;
    const { values, sums } = state.stored;
    if (sums === undefined) {
        for (let i = 0; i < n; i++)
            out[i] = values[i * k + c];
        return out;
    }
    for (let i = 0; i < n; i++) {
        const start = i * k;
        let max = -Infinity;
        for (let j = 0; j < k; j++)
            max = Math.max(max, values[start + j]);
        out[i] = Math.exp(values[start + c] - max) / sums[i];
    }
    return out;
}
function positivesOf(truth) {
    let p = 0;
    for (let i = 0; i < truth.length; i++)
        p += truth[i] ? 1 : 0;
    const out = new Uint32Array(p);
    for (let i = 0, j = 0; i < truth.length; i++)
        if (truth[i])
            out[j++] = i;
    return out;
}
/** Sample indices by descending score (stable, as the order within ties does not matter below). */
function descending(score) {
    const order = new Uint32Array(score.length);
    for (let i = 0; i < order.length; i++)
        order[i] = i;
    return order.sort((a, b) => score[b] - score[a]);
}
/**
 * ROC-AUC of one class given the indices of its positive samples. `owned`: the scores are the
 * caller's to sort in place (a column made for this), which saves a copy of n float64.
 */
function rocAucOf(positives, score, owned) {
    const p = positives.length;
    const negatives = score.length - p;
    if (p === 0 || negatives === 0)
        return null;
    const values = new Float64Array(p);
    for (let j = 0; j < p; j++)
        values[j] = score[positives[j]];
    const sorted = (score ).sort();
    // Sum of the positives' mid-ranks (1-based) among all samples; ties share their mean rank.
    let rankSum = 0;
    for (let j = 0; j < p; j++) {
        const v = values[j];
        rankSum += (lowerBound(sorted, v) + upperBound(sorted, v) + 1) / 2;
    }
    return (rankSum - (p * (p + 1)) / 2) / (p * negatives);
}
function lowerBound(a, v) {
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
function upperBound(a, v) {
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
/** scikit-learn's average_precision_score: Σ (R_n − R_{n−1}) P_n over distinct thresholds. */
function averagePrecision(truth, score) {
    const order = descending(score);
    let positives = 0;
    for (let i = 0; i < truth.length; i++)
        positives += truth[i];
    if (positives === 0)
        return null;
    let tp = 0;
    let prevTp = 0;
    let ap = 0;
    for (let i = 0; i < order.length; i++) {
        const s = order[i];
        if (truth[s])
            tp++;
        const last = i === order.length - 1 || score[order[i + 1]] !== score[s];
        if (last) {
            ap += ((tp - prevTp) / positives) * (tp / (i + 1));
            prevTp = tp;
        }
    }
    return ap;
}

/**
 * Per-sample outcomes (true class, predicted class, its probability, the sample's loss), kept for
 * what needs the samples themselves: paired comparison with a baseline, bootstrap intervals,
 * misclassified examples. 18 bytes a sample when the classes fit a byte (class indices in the
 * narrowest typed array the class count allows); a pure accumulator like the others.
 */
/** @param numClasses sizes the class-index arrays (unknown: 32-bit) */
function initSamples(capacity = 1024, numClasses = 2 ** 31) {
    return {
        labels: classIndices(numClasses, capacity),
        predicted: classIndices(numClasses, capacity),
        confidence: new Float64Array(capacity),
        nll: new Float64Array(capacity),
        count: 0
    };
}
function grow(a, need) {
    if (need <= a.length)
        return a;
    const next = new a.constructor(Math.max(need, a.length * 2));
    next.set(a);
    return next;
}
function updateSamples(state, scores, labels, size, numClasses, kind, rows) {
    const need = state.count + size;
    state.labels = grow(state.labels, need);
    state.predicted = grow(state.predicted, need);
    state.confidence = grow(state.confidence, need);
    state.nll = grow(state.nll, need);
    const r = rows ?? rowStats(scores, labels, size, numClasses, kind);
    for (let i = 0; i < size; i++) {
        const j = state.count + i;
        state.labels[j] = labels[i];
        state.predicted[j] = r.predicted[i];
        state.confidence[j] = Math.exp(r.logPredicted[i]);
        state.nll[j] = -r.logTrue[i];
    }
    state.count = need;
    return state;
}
/** Views, not copies: the state is done with once finalized, and a copy would double its 18 B a sample at the peak. */
function finalizeSamples(state) {
    return {
        labels: state.labels.subarray(0, state.count),
        predicted: state.predicted.subarray(0, state.count),
        confidence: state.confidence.subarray(0, state.count),
        nll: state.nll.subarray(0, state.count)
    };
}

/**
 * Classification's accumulators over one model run: the labels mapped to class indices, the core
 * metrics, the probability metrics and the per-sample outcomes, batch by batch.
 */
async function evaluate(modelPath, modelUri, testSet, options, runtime, log) {
    const classNames = options.classNames ?? testSet.classNames;
    const labelMap = new LabelMap(classNames);
    let state;
    let probability;
    let samples;
    const kept = options.keepRows ? { labels: [], scores: [] } : undefined;
    const run = await runModel(modelPath, modelUri, testSet, options, runtime, log, {
        start: (session) => checkBeforeInference(session, options, testSet),
        read: (batch) => labelMap.toIndices(batch),
        update(scored, batch, labels) {
            state ??= initClassification(scored.numClasses, scored.kind);
            checkLabels(batch, labels, scored.numClasses, testSet.path);
            const rows = rowStats(scored.scores, labels, batch.size, scored.numClasses, scored.kind);
            const scoredBatch = { scores: scored.scores, labels, size: batch.size, offset: batch.offset, rows };
            updateClassification(state, scoredBatch);
            updateProbability((probability ??= initProbability(scored.numClasses, scored.kind, testSet.size)), scoredBatch);
            updateSamples((samples ??= initSamples(testSet.size ?? 1024, scored.numClasses)), scored.scores, labels, batch.size, scored.numClasses, scored.kind, rows);
            if (kept) {
                kept.labels.push(labels.slice(0, batch.size));
                kept.scores.push(Float64Array.from(scored.scores.subarray(0, batch.size * scored.numClasses)));
            }
        },
        finish(runner) {
            if (classNames && classNames.length !== state.numClasses)
                throw classCountMismatch(classNames, options.classNames !== undefined, runner.output, state.numClasses, testSet.path);
            const metrics = finalizeClassification(state, classNames);
            return { metrics, n_samples: metrics.n_samples, output_kind: runner.outputKind };
        }
    });
    const { metrics, output_kind } = run.result;
    return {
        model: { ...run.model, output_kind },
        metrics,
        n_samples: metrics.n_samples,
        samples: finalizeSamples(samples),
        probability: finalizeProbability(probability, metrics.accuracy),
        runtime: run.runtime,
        ...(kept ? { rows: { labels: concat(Int32Array, kept.labels), scores: concat(Float64Array, kept.scores), numClasses: state.numClasses, kind: state.kind, classNames: classNames ?? null } } : {})
    };
}
function concat(Type, parts) {
    const out = new Type(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
        out.set(p, at);
        at += p.length;
    }
    return out;
}
/**
 * The evaluation a single run over the whole test set would have made, from the shards' rows in
 * test-set order: the same accumulators fed the same rows in the same order, in batches of the
 * run's batch size, so every count and every float is the single run's, bit for bit.
 */
function replayClassification(rows, model, runtime, batchSize) {
    const { numClasses: k, kind } = rows;
    const n = rows.labels.length;
    const state = initClassification(k, kind);
    const probability = initProbability(k, kind, n);
    const samples = initSamples(n, k);
    for (let offset = 0; offset < n; offset += batchSize) {
        const size = Math.min(batchSize, n - offset);
        const scores = rows.scores.subarray(offset * k, (offset + size) * k);
        const labels = rows.labels.subarray(offset, offset + size);
        const rowsOf = rowStats(scores, labels, size, k, kind);
        const scoredBatch = { scores, labels, size, offset, rows: rowsOf };
        updateClassification(state, scoredBatch);
        updateProbability(probability, scoredBatch);
        updateSamples(samples, scores, labels, size, k, kind, rowsOf);
    }
    const metrics = finalizeClassification(state, rows.classNames ?? undefined);
    return {
        model,
        metrics,
        n_samples: metrics.n_samples,
        samples: finalizeSamples(samples),
        probability: finalizeProbability(probability, metrics.accuracy),
        runtime
    };
}
const FLOAT_TYPES = new Set(['float32', 'float64', 'float16']);
/**
 * What can be known before the first batch: the class count from the output's static shape, the
 * class names from class-names or the image folders. A typo then costs seconds, not an evaluation.
 */
function checkBeforeInference(session, options, testSet) {
    const output = options.outputName !== undefined
        ? session.outputs.find((o) => o.name === options.outputName)
        : session.outputs.find((o) => FLOAT_TYPES.has(o.type) && o.shape.length === 2) ?? session.outputs.find((o) => FLOAT_TYPES.has(o.type) && o.shape.length === 1);
    const cols = output === undefined ? undefined : output.shape.length === 1 ? 1 : output.shape[1];
    // One column is the positive class of a binary model.
    const count = typeof cols === 'number' && cols > 0 ? (cols === 1 ? 2 : cols) : undefined;
    const classNames = options.classNames ?? testSet.classNames;
    if (classNames && count !== undefined && classNames.length !== count) {
        throw classCountMismatch(classNames, options.classNames !== undefined, output.name, count, testSet.path);
    }
    if (options.thresholds)
        checkThresholdClasses(options.thresholds, classNames, count);
}
/** The class list (from class-names, or an image folder's class folders) does not match the model's output. */
function classCountMismatch(classNames, fromInput, output, count, file) {
    if (fromInput) {
        return new DataError(`class-names lists ${classNames.length} classes but the model's output '${output}' has ${count}; list one name per model output, in order`, 'class-names');
    }
    const shown = classNames.length > 12 ? `${classNames.slice(0, 12).join(', ')}, …` : classNames.join(', ');
    return new DataError(`test-data: ${file} has ${classNames.length} class folders (${shown}) but the model's output '${output}' has ${count} classes; ` +
        `remove the folders that are not classes of the model (an empty folder counts too)`, 'test-data');
}
/** Every label must name one of the model's classes; the error points at the sample's line when the reader knows it. */
function checkLabels(batch, labels, k, file) {
    for (let i = 0; i < batch.size; i++) {
        const y = labels[i];
        if (y >= 0 && y < k)
            continue;
        const line = batch.lines ? ` (line ${batch.lines[i]})` : '';
        throw new DataError(`test-data: ${file}: sample ${batch.offset + i}${line} has label ${y}, outside the model's ${k} classes (0–${k - 1}); check the labels, or class-names when labels are names`, 'test-data');
    }
}

/** Bars beyond this are unreadable in a comment's width: the worst classes are shown. */
const MAX_BARS = 20;
/** Mermaid's xychart labels are quoted strings: keep them short and free of quotes and brackets. */
function label(s) {
    const clean = s.replace(/["[\]\\`]/g, "'").replace(/[\r\n]+/g, ' ');
    return `"${clean.length > 14 ? clean.slice(0, 13) + '…' : clean}"`;
}
const num$1 = (v) => String(Math.round(v * 10000) / 10000);
/** Per-class F1 as bars; the baseline's F1 of the same classes as a line, when there is one. */
function perClassF1Chart(doc) {
    const base = doc.baseline?.per_class;
    const rows = doc.per_class.map((c, i) => ({ name: c.class, f1: c.f1, base: base?.[i]?.class === c.class ? base[i].f1 : undefined, i }));
    if (rows.length === 0)
        return undefined;
    const shown = rows.length > MAX_BARS ? [...rows].sort((a, b) => a.f1 - b.f1 || a.i - b.i).slice(0, MAX_BARS).sort((a, b) => a.i - b.i) : rows;
    const withBase = base !== undefined && shown.every((r) => r.base !== undefined);
    const what = rows.length > MAX_BARS ? `the ${MAX_BARS} classes with the lowest F1 of ${rows.length}` : 'per class';
    const title = `F1 ${what}${withBase ? ' (bars: this model, line: baseline)' : ''}`;
    const lines = [
        '```mermaid',
        'xychart-beta',
        `  title "${title}"`,
        `  x-axis [${shown.map((r) => label(r.name)).join(', ')}]`,
        '  y-axis "F1" 0 --> 1',
        `  bar [${shown.map((r) => num$1(r.f1)).join(', ')}]`
    ];
    if (withBase)
        lines.push(`  line [${shown.map((r) => num$1(r.base)).join(', ')}]`);
    lines.push('```');
    return lines.join('\n');
}
/**
 * A reliability diagram from the 15 calibration bins: accuracy per confidence bin as bars, the
 * bin's mean confidence as a line (a calibrated model's bars reach the line). Empty bins show 0.
 */
function reliabilityChart(doc) {
    const bins = doc.calibration;
    if (!bins || bins.length === 0 || !bins.some((b) => b.count > 0))
        return undefined;
    const used = bins.slice(bins.findIndex((b) => b.count > 0));
    const ece = typeof doc.ece === 'number' ? `, ECE ${doc.ece.toFixed(4)}` : '';
    return [
        '```mermaid',
        'xychart-beta',
        `  title "Reliability${ece}: accuracy (bars) vs confidence (line)"`,
        `  x-axis "top-class probability" [${used.map((b) => `"${b.upper.toFixed(2)}"`).join(', ')}]`,
        '  y-axis "accuracy" 0 --> 1',
        `  bar [${used.map((b) => num$1(b.count > 0 ? b.accuracy : 0)).join(', ')}]`,
        `  line [${used.map((b) => num$1(b.count > 0 ? b.confidence : (b.lower + b.upper) / 2)).join(', ')}]`,
        '```'
    ].join('\n');
}

/** top_k_accuracy is listed for k up to this (any k is usable in thresholds). */
const TOP_K_LISTED = 10;
function statisticsSection(stats) {
    const p = stats.probability;
    const out = {};
    if (p) {
        out.top_k_accuracy = Object.fromEntries(p.top_k_accuracy.slice(0, TOP_K_LISTED).map((v, i) => [String(i + 1), v]));
        out.ece = p.ece;
        out.brier = p.brier;
        out.roc_auc = p.roc_auc;
        out.average_precision = p.average_precision;
        out.calibration = p.calibration;
    }
    out.confidence_intervals = stats.confidence_intervals;
    out.comparison = stats.comparison;
    return out;
}
const f = round4;
const signed$1 = signed4;
function statisticsMarkdown(doc) {
    const lines = [];
    const ci = doc.confidence_intervals;
    if (typeof doc.ece === 'number') {
        lines.push('### Probabilities', '', '| metric | value |', '| --- | ---: |');
        const topK = doc.top_k_accuracy;
        for (const k of ['1', '3', '5'])
            if (topK[k] !== undefined)
                lines.push(`| top_k_accuracy[${k}] | ${f(topK[k])} |`);
        lines.push(`| ece (15 bins) | ${f(doc.ece)} |`, `| brier | ${f(doc.brier)} |`);
        if (typeof doc.roc_auc === 'number')
            lines.push(`| roc_auc${doc.classes.length > 2 ? ' (macro OvR)' : ''} | ${f(doc.roc_auc)} |`);
        if (typeof doc.average_precision === 'number')
            lines.push(`| average_precision | ${f(doc.average_precision)} |`);
        lines.push('');
    }
    if (ci) {
        lines.push(`### ${Math.round(ci.level * 100)}% confidence intervals`, '', `Percentile bootstrap, ${ci.resamples} resamples of the test set, seed ${ci.seed}.`, '');
        lines.push('| metric | value | low | high |', '| --- | ---: | ---: | ---: |');
        for (const [m, v] of Object.entries(ci.metrics))
            lines.push(`| ${m} | ${f(v.value)} | ${f(v.low)} | ${f(v.high)} |`);
        lines.push('');
    }
    const cmp = doc.comparison;
    if (cmp) {
        const mc = cmp.mcnemar;
        lines.push('### Compared with the baseline', '', `Baseline \`${cmp.baseline.replace(/`/g, "'")}\`, same test set.`, '');
        lines.push(`McNemar's exact test: the model alone is right on ${mc.model_only} samples, the baseline alone on ${mc.baseline_only}; ` +
            `two-sided p = ${mc.p_value < 1e-4 ? mc.p_value.toExponential(2) : f(mc.p_value)}.`, '');
        lines.push(`| metric | model − baseline | ${Math.round(cmp.paired_bootstrap.level * 100)}% paired-bootstrap interval |`, '| --- | ---: | --- |');
        for (const [m, v] of Object.entries(cmp.paired_bootstrap.differences))
            lines.push(`| ${m} | ${signed$1(v.value)} | [${signed$1(v.low)}, ${signed$1(v.high)}] |`);
        lines.push('');
    }
    return lines.join('\n');
}

/** Classes beyond which the confusion matrix is left to the SVG and metrics.json. */
const MATRIX_MAX = 30;
/** A class whose F1 fell by more than this against the baseline is flagged as a regression. */
const REGRESSION = 0.01;
const fmt$1 = round4;
function escapeCell$1(s) {
    return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
function checkRow(c) {
    const condition = explainCondition(c).replace(/^\S+ /, '');
    return `| ${c.passed ? '✅' : '❌'} | \`${escapeCell$1(c.metric)}\` | ${fmt$1(c.value)} | ${escapeCell$1(condition)}${c.note && !c.significance ? ` (${escapeCell$1(c.note)})` : ''} |`;
}
/** `▲ +0.0123 better`: the arrow is the sign, the word is what it means for this metric. */
function change(metric, value, base) {
    if (base === undefined || base === null)
        return '—';
    const d = value - base;
    if (Math.abs(d) < 5e-5)
        return '= same';
    const dir = direction(metric, d);
    return `${d > 0 ? '▲' : '▼'} ${signed4(d)} ${dir === 'better' ? '🟢 better' : '🔴 worse'}`;
}
/** The promotion in one sentence, for every task's report. */
function promotionLine(p) {
    const what = `version ${p.version} of \`${escapeCell$1(p.name ?? '')}\``;
    const text = {
        promoted: `✅ Promoted ${what} to **${p.target}**${p.archived.length ? ` (archived version ${p.archived.join(', ')})` : ''}; verified by reading the registry back.`,
        'already-promoted': `✅ ${what} already holds **${p.target}**: nothing to change.`,
        'dry-run': `Dry run: would promote ${what} to **${p.target}**${p.archived.length ? `, archiving version ${p.archived.join(', ')}` : ''}. The registry was not changed.`,
        rejected: `❌ Not promoted: ${p.reason}. ${what} stays where it is.`,
        skipped: `Not promoted: ${escapeCell$1(p.reason)}.`,
        failed: `❌ Promotion failed: ${escapeCell$1(p.reason)}`
    };
    return text[p.status] ?? p.status;
}
/** The most frequent off-diagonal cells: which class is taken for which. */
function worstConfusions(doc, n = 5) {
    const out = [];
    doc.confusion_matrix.forEach((row, i) => row.forEach((count, j) => {
        if (i !== j && count > 0)
            out.push({ true: doc.classes[i], predicted: doc.classes[j], count, share: count / (doc.per_class[i]?.support || 1) });
    }));
    return out.sort((a, b) => b.count - a.count || b.share - a.share).slice(0, n);
}
function fold(summary, body) {
    return [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}
/** Per-class changes against the baseline, when the baseline has the same classes. */
function classChanges(doc) {
    const base = doc.baseline?.per_class;
    if (!base || base.length !== doc.per_class.length || base.some((b, i) => b.class !== doc.per_class[i].class))
        return undefined;
    return doc.per_class.map((c, i) => ({ class: c.class, f1: c.f1, precision: c.precision, recall: c.recall, support: c.support, base: base[i] }));
}
function renderMarkdown(doc, options = {}) {
    const head = [];
    if (options.header)
        head.push(options.header);
    const verdict = doc.gate.passed ? '✅ passed' : '❌ failed';
    head.push(`## model-gate: ${verdict}`, '');
    const failed = doc.gate.checks.filter((c) => !c.passed);
    if (failed.length)
        head.push(`**Failed ${failed.length === 1 ? 'check' : `checks (${failed.length})`}:**`, '', ...failed.map((c) => `- ❌ ${escapeCell$1(explainCheck(c))}`), '');
    const version = doc.model.version !== undefined ? ` (version ${doc.model.version})` : '';
    head.push(`Model \`${escapeCell$1(doc.model.uri)}\`${version} on \`${escapeCell$1(doc.data.path)}\`: ${doc.n_samples} samples, ${doc.classes.length} classes, ` +
        `${doc.runtime.device}, ${doc.runtime.seconds.toFixed(2)} s (${Math.round(doc.runtime.samples_per_second)} samples/s).`, '');
    const fed = inputsLine(doc.model.inputs);
    if (fed)
        head.push(fed, '');
    if (options.run)
        head.push(`Evaluated on ${options.run}.`, '');
    const skipped = doc.skipped_files;
    if (skipped && skipped.count > 0) {
        head.push(`⚠️ ${skipped.count} image(s) could not be decoded and were left out (skip-bad-files): ${skipped.files.slice(0, 5).map((f) => `\`${escapeCell$1(f.file)}\``).join(', ')}${skipped.count > 5 ? ', …' : ''}`, '');
    }
    const p = doc.promotion;
    if (p && p.name !== null)
        head.push(promotionLine(p), '');
    const baseline = doc.baseline;
    const ci = doc.confidence_intervals?.metrics ?? {};
    const metrics = ['### Metrics', ''];
    const baseName = baseline ? `baseline \`${escapeCell$1(baseline.source)}\`${baseline.version ? ` v${baseline.version}` : ''}` : '';
    metrics.push(baseline ? `| metric | value | 95% interval | ${baseName} | change |` : '| metric | value | 95% interval |');
    metrics.push(baseline ? '| --- | ---: | --- | ---: | --- |' : '| --- | ---: | --- |');
    for (const key of ['accuracy', 'macro_f1', 'weighted_f1', 'macro_precision', 'macro_recall', 'loss']) {
        const interval = ci[key] ? `[${fmt$1(ci[key].low)}, ${fmt$1(ci[key].high)}]` : '';
        metrics.push(`| ${key} | ${fmt$1(doc[key])} | ${interval} |${baseline ? ` ${fmt$1(baseline[key])} | ${change(key, doc[key], baseline[key])} |` : ''}`);
    }
    metrics.push('');
    const gate = ['### Gate', ''];
    if (doc.gate.checks.length === 0)
        gate.push('No thresholds were set: the gate passes on any result.', '');
    else
        gate.push('| | check | value | condition |', '| --- | --- | ---: | --- |', ...doc.gate.checks.map(checkRow), '');
    const changes = classChanges(doc);
    const regressed = changes?.filter((c) => c.base.f1 - c.f1 > REGRESSION).sort((a, b) => (a.f1 - a.base.f1) - (b.f1 - b.base.f1)) ?? [];
    if (changes) {
        gate.push(regressed.length
            ? `⚠️ **${regressed.length} class${regressed.length === 1 ? '' : 'es'} regressed** against the baseline (F1 down by more than ${REGRESSION}): ` +
                regressed.slice(0, 8).map((c) => `\`${escapeCell$1(c.class)}\` ${fmt$1(c.base.f1)} → ${fmt$1(c.f1)}`).join(', ') + (regressed.length > 8 ? ', …' : '')
            : `No class regressed against the baseline (F1 down by more than ${REGRESSION}).`, '');
    }
    const charts = [];
    const f1Chart = perClassF1Chart(doc);
    const reliability = reliabilityChart(doc);
    if (f1Chart || reliability)
        charts.push('### Charts', '');
    if (f1Chart)
        charts.push(f1Chart, '');
    if (reliability)
        charts.push(reliability, '');
    const worst = worstConfusions(doc);
    const confusions = worst.length
        ? fold('Worst confusions', ['| true | taken for | count | share of true class |', '| --- | --- | ---: | ---: |',
            ...worst.map((w) => `| ${escapeCell$1(w.true)} | ${escapeCell$1(w.predicted)} | ${w.count} | ${(100 * w.share).toFixed(1)}% |`)])
        : [];
    const perClass = changes
        ? fold(`Per class, against the baseline${regressed.length ? ` (${regressed.length} regressed)` : ''}`, [
            '| class | F1 | baseline F1 | F1 change | precision (change) | recall (change) | support |', '| --- | ---: | ---: | --- | ---: | ---: | ---: |',
            ...changes.map((c) => {
                const flag = c.base.f1 - c.f1 > REGRESSION ? ' ⚠️ regressed' : '';
                return `| ${escapeCell$1(c.class)}${flag} | ${fmt$1(c.f1)} | ${fmt$1(c.base.f1)} | ${change('f1', c.f1, c.base.f1)} | ${fmt$1(c.precision)} (${signed4(c.precision - c.base.precision)}) | ${fmt$1(c.recall)} (${signed4(c.recall - c.base.recall)}) | ${c.support} |`;
            })
        ])
        : fold('Per class', ['| class | precision | recall | F1 | support |', '| --- | ---: | ---: | ---: | ---: |',
            ...doc.per_class.map((c) => `| ${escapeCell$1(c.class)} | ${fmt$1(c.precision)} | ${fmt$1(c.recall)} | ${fmt$1(c.f1)} | ${c.support} |`)]);
    const matrix = doc.classes.length <= MATRIX_MAX
        ? fold('Confusion matrix', ['Rows are true classes, columns predicted.', '',
            `| true \\ predicted | ${doc.classes.map(escapeCell$1).join(' | ')} |`,
            `| --- | ${doc.classes.map(() => '---:').join(' | ')} |`,
            ...doc.confusion_matrix.map((row, i) => `| **${escapeCell$1(doc.classes[i])}** | ${row.map((v, j) => (i === j ? `**${v}**` : String(v))).join(' | ')} |`)])
        : [`_The ${doc.classes.length}-class confusion matrix is in metrics.json and, drawn for its most confused classes, in confusion-matrix.svg._`, ''];
    const stats = statisticsMarkdown(doc);
    const statistics = stats ? fold('Probabilities, confidence intervals and the paired comparison', [stats]) : [];
    const links = [];
    const files = options.files ?? [];
    if (options.links?.run)
        links.push(`[workflow run](${options.links.run})`);
    if (options.links?.artifact)
        links.push(`[report artifact](${options.links.artifact}) (${['metrics.json', 'report.md', ...files].join(', ')})`);
    else if (!options.links?.run && files.length)
        links.push(...files.map((f) => `[${f}](${encodeURI(f)})`));
    const footer = links.length ? ['---', '', links.join(' · '), ''] : [];
    // Most important first; the optional parts go, last first, when over the limit.
    const fixed = [...head, ...metrics, ...gate, ...charts];
    const optional = [perClass, confusions, statistics, matrix];
    const limit = options.limit ?? Infinity;
    const size = (parts) => [...fixed, ...parts.flat(), ...footer].join('\n').length + 200;
    let kept = optional;
    while (kept.length > 0 && size(kept) > limit)
        kept = kept.slice(0, -1);
    const dropped = optional.length - kept.length;
    const note = dropped > 0 ? [`_${dropped === optional.length ? 'Details' : 'Some detail'} left out to stay under ${limit.toLocaleString('en-US')} characters; the report artifact has all of it._`, ''] : [];
    let text = [...fixed, ...kept.flat(), ...note, ...footer].join('\n');
    if (text.length > limit)
        text = text.slice(0, Math.max(0, limit - 80)) + '\n\n_(cut to fit; see the report artifact)_\n';
    return text;
}

function csvCell(s) {
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
/** Indices of the misclassified samples, most confident first (then in test-set order). */
function misclassifiedIndices(samples) {
    const rows = [];
    for (let i = 0; i < samples.labels.length; i++)
        if (samples.labels[i] !== samples.predicted[i])
            rows.push(i);
    return rows.sort((a, b) => samples.confidence[b] - samples.confidence[a] || a - b);
}
function misclassifiedCsv(samples, classes, source) {
    const name = (k) => csvCell(classes[k] ?? String(k));
    const lines = [`index,${source ? `${source.column},` : ''}true,predicted,confidence`];
    for (const i of misclassifiedIndices(samples)) {
        const where = source ? `${csvCell(source.name(i) ?? '')},` : '';
        lines.push(`${i},${where}${name(samples.labels[i])},${name(samples.predicted[i])},${samples.confidence[i].toPrecision(6)}`);
    }
    return lines.join('\n') + '\n';
}
const esc$1 = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Tiles at most (6 × 4), each a square image with its caption below. */
const SHEET_MAX = 24;
const TILE = 160;
const CAPTION = 40;
const COLUMNS = 6;
/**
 * misclassified.png: the most confident mistakes as a grid, each captioned "true → predicted
 * (confidence)" and its file name. sharp composes it; the captions are an SVG overlay (librsvg).
 * Returns undefined when there is no mistake to show.
 */
async function contactSheet(samples, classes, file, label) {
    const chosen = misclassifiedIndices(samples).filter((i) => file(i) !== undefined).slice(0, SHEET_MAX);
    if (chosen.length === 0)
        return undefined;
    const sharp = (await import('./sharp.js')).default;
    const cols = Math.min(COLUMNS, chosen.length);
    const rows = Math.ceil(chosen.length / cols);
    const width = cols * TILE;
    const title = 28;
    const height = title + rows * (TILE + CAPTION);
    const [{ readImage }, { decodeLikePillow }] = await Promise.all([import('./images.js'), import('./pil-decode.js')]);
    // Each tile from the pixels the model was given (Pillow's convert('RGB'), as the evaluation
    // decoded them): every format the test set may hold, BMP and PPM too, which sharp cannot open,
    // and CMYK or 16-bit grey as the model saw them. Handed to composite as raw pixels: a PNG a
    // tile, encoded here and decoded again, was a quarter of the sheet's time.
    const tiles = await Promise.all(chosen.map(async (i, n) => {
        const rgb = await decodeLikePillow(await readImage(file(i)));
        const { data, info } = await sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } })
            .resize(TILE - 8, TILE - 8, { fit: 'contain', background: '#ffffff' })
            .raw()
            .toBuffer({ resolveWithObject: true });
        return { input: data, raw: { width: info.width, height: info.height, channels: info.channels }, left: (n % cols) * TILE + 4, top: title + Math.floor(n / cols) * (TILE + CAPTION) + 4 };
    }));
    const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
    const captions = chosen.map((i, n) => {
        const x = (n % cols) * TILE + TILE / 2;
        const y = title + Math.floor(n / cols) * (TILE + CAPTION) + TILE;
        const text = `${classes[samples.labels[i]] ?? samples.labels[i]} → ${classes[samples.predicted[i]] ?? samples.predicted[i]} (${samples.confidence[i].toFixed(2)})`;
        return `<text x="${x}" y="${y + 14}" text-anchor="middle" font-size="13" fill="#b00020">${esc$1(clip(text, 26))}</text>` +
            `<text x="${x}" y="${y + 30}" text-anchor="middle" font-size="11" fill="#555">${esc$1(clip(label(i), 28))}</text>`;
    });
    const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif">` +
        `<text x="8" y="19" font-size="15" font-weight="bold" fill="#222">${esc$1(`Most confident mistakes: ${chosen.length} of ${misclassifiedIndices(samples).length} (true → predicted, confidence)`)}</text>` +
        captions.join('') + '</svg>');
    return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
        .composite([...tiles, { input: overlay, left: 0, top: 0 }])
        .png()
        .toBuffer();
}

/**
 * An .npz test set may carry an `index` array beside its features: where each sample came from in
 * the user's own dataset (a row id, a file number). misclassified.csv names it, as an evaluate.py
 * that kept such ids would. Read only for the report, so a malformed one is a warning, never a failure.
 */
/** The `index` array of an .npz as strings, or undefined when it has none; a reason when unusable. */
async function readNpzIndex(file, samples, key = 'index') {
    try {
        // that member alone, streamed: reading the whole archive for it held every feature byte in memory at the report
        const handle = await open(file, 'r');
        let bytes;
        try {
            const size = (await handle.stat()).size;
            const members = await readZipDirectory(handle, size, file);
            const member = members.findLast((m) => m.name === `${key}.npy`);
            if (!member)
                return {};
            const reader = await MemberReader.open(handle, file, size, member, `${file}:${key}`, 'test-data');
            try {
                bytes = await reader.read(member.size);
                await reader.finish();
            }
            finally {
                reader.close();
            }
        }
        finally {
            await handle.close();
        }
        const header = parseNpyHeader(bytes, `${file}:${key}`);
        if (header.shape.length !== 1 || header.shape[0] !== samples)
            return { problem: `its '${key}' array has shape [${header.shape.join(', ')}], not [${samples}]` };
        return { ids: decodeLabels(bytes.subarray(header.dataOffset), header.dtype, samples).map(String) };
    }
    catch (e) {
        return { problem: `its '${key}' array cannot be read (${e.message.split('\n')[0]})` };
    }
}

/** Classes drawn at most; beyond, the most confused ones. */
const SHOWN = 40;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The classes to draw: all of them, or the SHOWN with the most errors (as true or as predicted class). */
function shownClasses(matrix) {
    const k = matrix.length;
    if (k <= SHOWN)
        return Array.from({ length: k }, (_, i) => i);
    const errors = new Float64Array(k);
    matrix.forEach((row, i) => row.forEach((v, j) => {
        if (i !== j && v > 0) {
            errors[i] += v;
            errors[j] += v;
        }
    }));
    return Array.from({ length: k }, (_, i) => i).sort((a, b) => errors[b] - errors[a] || a - b).slice(0, SHOWN).sort((a, b) => a - b);
}
function confusionMatrixSvg(doc) {
    const k = doc.classes.length;
    const shown = shownClasses(doc.confusion_matrix);
    const n = shown.length;
    const partial = n < k;
    const cell = Math.max(18, Math.min(48, Math.floor(720 / Math.max(n, 1))));
    const font = Math.max(9, Math.min(13, cell / 3));
    const label = Math.min(140, 12 + 7 * Math.max(...shown.map((i) => Math.min(doc.classes[i].length, 18)), 1));
    const header = partial ? 78 : 58;
    const top = header + label + 22;
    const left = label + 30;
    const legendWidth = 190;
    const width = Math.max(left + n * cell + 16, 520);
    const height = top + n * cell + 56;
    const clip = (s) => (s.length > 18 ? s.slice(0, 17) + '…' : s);
    const title = `Confusion matrix: ${doc.model.uri} on ${doc.data.path}`;
    const out = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, DejaVu Sans, sans-serif" font-size="${font}">`,
        `<title>${esc(title)} (rows true, columns predicted)</title>`,
        `<rect width="100%" height="100%" fill="#fff"/>`,
        `<text x="12" y="22" font-size="15" font-weight="bold">${esc(title.length > 90 ? title.slice(0, 89) + '…' : title)}</text>`,
        `<text x="12" y="40" font-size="12" fill="#444">${doc.n_samples} samples, ${k} classes; rows are true classes, columns predicted; shade is the share of the true class.</text>`
    ];
    if (partial) {
        out.push(`<text x="12" y="58" font-size="12" fill="#b00020">Showing the ${n} classes of ${k} most involved in errors (as true or predicted class); the full matrix is in metrics.json.</text>`);
    }
    // legend: a green and a red ramp, 0% to 100% of the true class
    const ly = header - 8;
    const lx = width - legendWidth - 12;
    out.push(`<text x="${lx}" y="${ly - 4}" font-size="11" fill="#444">share of the true class: 0% → 100%</text>`);
    for (let s = 0; s <= 10; s++) {
        const light = Math.round(92 - 55 * (s / 10));
        out.push(`<rect x="${lx + s * 8}" y="${ly}" width="8" height="10" fill="hsl(140 60% ${light}%)"/>`, `<rect x="${lx + 100 + s * 8}" y="${ly}" width="8" height="10" fill="hsl(0 60% ${light}%)"/>`);
    }
    out.push(`<text x="${lx}" y="${ly + 22}" font-size="10" fill="#444">correct</text>`, `<text x="${lx + 100}" y="${ly + 22}" font-size="10" fill="#444">errors</text>`);
    out.push(`<text x="${left + (n * cell) / 2}" y="${header + 8}" text-anchor="middle" font-weight="bold">predicted</text>`, `<text transform="translate(14 ${top + (n * cell) / 2}) rotate(-90)" text-anchor="middle" font-weight="bold">true</text>`);
    shown.forEach((c, i) => {
        out.push(`<text transform="translate(${left + i * cell + cell / 2} ${top - 6}) rotate(-60)" text-anchor="start">${esc(clip(doc.classes[c]))}</text>`);
        out.push(`<text x="${left - 6}" y="${top + i * cell + cell / 2}" text-anchor="end" dominant-baseline="middle">${esc(clip(doc.classes[c]))}</text>`);
    });
    shown.forEach((ci, i) => {
        const row = doc.confusion_matrix[ci];
        const support = row.reduce((a, b) => a + b, 0) || 1;
        shown.forEach((cj, j) => {
            const count = row[cj];
            const share = count / support;
            // diagonal in green, errors in red; darker is a larger share of the true class
            const hue = ci === cj ? 140 : 0;
            const light = count === 0 ? 98 : Math.round(92 - 55 * share);
            const x = left + j * cell;
            const y = top + i * cell;
            out.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="hsl(${hue} 60% ${light}%)" stroke="#ddd"><title>true ${esc(doc.classes[ci])}, predicted ${esc(doc.classes[cj])}: ${count} (${(100 * share).toFixed(1)}%)</title></rect>`);
            if (count > 0)
                out.push(`<text x="${x + cell / 2}" y="${y + cell / 2}" text-anchor="middle" dominant-baseline="middle" fill="${light < 55 ? '#fff' : '#222'}">${count}</text>`);
        });
    });
    out.push('</svg>');
    return out.join('\n') + '\n';
}

/**
 * A classifier's report: metrics.json in DESIGN.md's shape, the Markdown (report/markdown.ts), the
 * confusion-matrix SVG, misclassified.csv naming each sample as a person finds it, and for image
 * folders the misclassified.png contact sheet.
 */
/** MLflow metric keys: letters, digits, _ - . space : / only. */
function key(s) {
    return s.replace(/[^A-Za-z0-9_\-. :/]/g, '_');
}
async function classificationReport(input) {
    const { evaluation, verdict, registry } = input;
    const m = evaluation.metrics;
    const document = {
        schema_version: 1,
        model: { ...evaluation.model, ...(registry.version !== undefined ? { name: registry.name, version: registry.version } : {}) },
        data: input.data,
        n_samples: m.n_samples,
        classes: m.classes,
        accuracy: m.accuracy,
        loss: m.loss,
        macro_precision: m.macro_precision,
        macro_recall: m.macro_recall,
        macro_f1: m.macro_f1,
        weighted_precision: m.weighted_precision,
        weighted_recall: m.weighted_recall,
        weighted_f1: m.weighted_f1,
        micro_precision: m.micro_precision,
        micro_recall: m.micro_recall,
        micro_f1: m.micro_f1,
        per_class: m.per_class,
        confusion_matrix: m.confusion_matrix,
        baseline: baselineSummary(input.baseline),
        ...statisticsSection(input.statistics),
        ...input.extra,
        gate: verdict,
        runtime: evaluation.runtime,
        promotion: input.promotion
    };
    const tracked = {};
    for (const k of ['accuracy', 'loss', 'macro_f1', 'weighted_f1', 'micro_f1', 'macro_precision', 'macro_recall', 'weighted_precision', 'weighted_recall'])
        tracked[k] = m[k];
    for (const c of m.per_class) {
        tracked[key(`f1.${c.class}`)] = c.f1;
        tracked[key(`precision.${c.class}`)] = c.precision;
        tracked[key(`recall.${c.class}`)] = c.recall;
    }
    const { testSet, log } = input;
    const testData = input.data.path;
    const imageFile = testSet.sampleFile?.bind(testSet);
    // text formats have rows a person can find (1-based, after the header); arrays have the index
    const rows = /\.(csv|jsonl|ndjson)$/i.test(testData);
    let source = imageFile
        ? { column: 'file', name: (i) => { const f = imageFile(i); return f === undefined ? undefined : path.relative(testSet.path, f); } }
        : rows ? { column: 'row', name: (i) => String(i + 1) } : undefined;
    if (/\.npz$/i.test(testData)) {
        const index = await readNpzIndex(testData, document.n_samples);
        if (index.problem)
            log.warning(`misclassified.csv: ${testData} ${index.problem}; the csv names samples by position only`);
        if (index.ids)
            source = { column: 'source_index', name: (i) => index.ids[i] };
    }
    const samples = evaluation.samples;
    // The contact sheet is a nicety: a picture that cannot be drawn is a warning, not a failed step.
    const sheet = imageFile
        ? await contactSheet(samples, document.classes, imageFile, (i) => source?.name(i) ?? '').catch((e) => {
            log.warning(`misclassified.png could not be drawn (${e.message.split('\n')[0]}); misclassified.csv lists the same images`);
            return undefined;
        })
        : undefined;
    return {
        document,
        files: [
            { name: 'confusion-matrix.svg', content: confusionMatrixSvg(document) },
            { name: 'misclassified.csv', content: misclassifiedCsv(samples, document.classes, source) },
            ...(sheet ? [{ name: 'misclassified.png', content: sheet }] : [])
        ],
        markdown: (options = {}) => renderMarkdown(document, options),
        tracked
    };
}

/** Paired comparison of two classifiers on the same test set: McNemar's exact test on per-sample correctness. */
// Lanczos approximation (g = 7, n = 9): log Γ to about 15 significant digits.
const LANCZOS = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.6150291621406,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];
function logGamma(x) {
    if (x < 0.5)
        return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    x -= 1;
    let a = LANCZOS[0];
    const t = x + 7.5;
    for (let i = 1; i < 9; i++)
        a += LANCZOS[i] / (x + i);
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
/** P(X ≤ k) for X ~ Binomial(n, 1/2), summed down from k so small tails keep full relative precision. */
function binomialHalfCdf(k, n) {
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    let term = Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) - n * Math.LN2);
    let sum = 0;
    for (let i = k; i >= 0 && term > 0; i--) {
        sum += term;
        if (term < sum * 1e-17)
            break;
        term *= i / (n - i + 1);
    }
    return Math.min(1, sum);
}
/**
 * Two-sided exact binomial test of k successes in n at p = 1/2, as scipy.stats.binomtest: the
 * probability of every outcome no more likely than k. With p = 1/2 that is both tails.
 */
function binomTestHalf(k, n) {
    if (n === 0)
        return 1;
    const low = Math.min(k, n - k);
    if (2 * low === n)
        return 1;
    return Math.min(1, 2 * binomialHalfCdf(low, n));
}
function mcnemarExact(labels, model, baseline) {
    let b = 0;
    let c = 0;
    for (let i = 0; i < labels.length; i++) {
        const y = labels[i];
        const m = model[i] === y;
        const base = baseline[i] === y;
        if (m && !base)
            b++;
        else if (base && !m)
            c++;
    }
    return { model_only: b, baseline_only: c, p_value: binomTestHalf(b, b + c) };
}

/**
 * Significance from a paired bootstrap (every metric) and McNemar (accuracy of classifiers):
 * accuracy is significant when McNemar's p < α; any other metric when the (1 − α) interval of
 * the paired difference excludes 0.
 */
function significanceLookup(differences, mcnemar) {
    return (metric, alpha) => {
        const sorted = differences[metric];
        if (!sorted)
            return undefined;
        const interval = percentileInterval(sorted, 1 - alpha);
        if (metric === 'accuracy' && mcnemar) {
            return { test: 'mcnemar', p_value: mcnemar.p_value, interval, significant: mcnemar.p_value < alpha };
        }
        return { test: 'paired_bootstrap', p_value: null, interval, significant: interval[0] > 0 || interval[1] < 0 };
    };
}

/**
 * The statistics around one evaluation: metric lookups with the probability metrics, bootstrap
 * confidence intervals, and the paired comparison with a baseline model (McNemar + paired
 * bootstrap) that `significance:` thresholds use. Pure: evaluations in, numbers out.
 */
/** Metrics shown with a confidence interval in reports. */
const INTERVAL_METRICS = ['accuracy', 'macro_f1', 'loss'];
const TOP_K = /^top_k_accuracy\[(\d+)\]$/;
/** Threshold-name lookup over the classification and the probability metrics of an evaluation. */
function evaluationLookup(e) {
    const p = e.probability;
    const extra = {};
    if (p) {
        extra.ece = p.ece;
        extra.brier = p.brier;
        if (p.roc_auc !== null)
            extra.roc_auc = p.roc_auc;
        if (p.average_precision !== null)
            extra.average_precision = p.average_precision;
    }
    const base = classificationLookup(e.metrics, extra);
    return (metric) => {
        const k = TOP_K.exec(metric);
        if (k) {
            if (!p)
                return undefined;
            // k at or past the number of classes always hits, as scikit-learn (which warns) computes.
            return p.top_k_accuracy[Math.min(Number(k[1]), p.top_k_accuracy.length) - 1];
        }
        return base(metric);
    };
}
function intervals$1(sorted, observed, level) {
    const out = {};
    for (const [metric, values] of Object.entries(sorted)) {
        const [low, high] = percentileInterval(values, level);
        out[metric] = { value: observed(metric), low, high };
    }
    return out;
}
/** Metrics whose paired bootstrap can be computed from per-sample outcomes (label, prediction, loss). */
function pairable(metric, lookup) {
    return !/^(ece|brier|roc_auc|average_precision|top_k_accuracy\[.*\])$/.test(metric) && lookup(metric) !== undefined;
}
function analyse(evaluation, baseline, thresholds, options = BOOTSTRAP_DEFAULTS) {
    const m = evaluation.metrics;
    const k = m.classes.length;
    const current = evaluationLookup(evaluation);
    const ci = bootstrapClassification(evaluation.samples, k, m.classes, INTERVAL_METRICS, options);
    const confidence_intervals = {
        method: 'percentile_bootstrap',
        level: DEFAULT_LEVEL,
        resamples: options.resamples,
        seed: options.seed,
        metrics: intervals$1(ci, current, DEFAULT_LEVEL)
    };
    const base = baseline?.evaluation;
    const baselineLookup = base ? evaluationLookup(base) : baseline ? classificationLookup(baseline.metrics) : () => undefined;
    const wanted = thresholds.filter((t) => t.kind === 'baseline' && t.significance !== undefined).map((t) => t.metric);
    for (const metric of wanted) {
        if (!pairable(metric, current)) {
            throw new ThresholdError(`input 'thresholds': '${metric}_vs_baseline' asks for significance, which model-gate tests for accuracy, loss and the ` +
                `precision/recall/F1 family (McNemar and paired bootstrap); drop significance for '${metric}'`, 'thresholds');
        }
    }
    if (!base)
        return { current, baseline: baselineLookup, significance: undefined, confidence_intervals, comparison: null, probability: evaluation.probability };
    const s = evaluation.samples;
    const b = base.samples;
    if (s.labels.length !== b.labels.length || s.labels.some((y, i) => y !== b.labels[i])) {
        throw new ThresholdError(`input 'baseline': the baseline model's labels differ from this run's, so the two were not scored on the same test set`, 'baseline');
    }
    const metrics = [...new Set([...INTERVAL_METRICS, ...wanted])];
    const differences = pairedBootstrapClassification(s, b, k, m.classes, metrics, options);
    const mcnemar = mcnemarExact(s.labels, s.predicted, b.predicted);
    const observedDiff = (metric) => current(metric) - baselineLookup(metric);
    return {
        current,
        baseline: baselineLookup,
        significance: significanceLookup(differences, mcnemar),
        confidence_intervals,
        comparison: {
            baseline: baseline.source,
            n_samples: s.labels.length,
            mcnemar,
            paired_bootstrap: { level: DEFAULT_LEVEL, resamples: options.resamples, seed: options.seed, differences: intervals$1(differences, observedDiff, DEFAULT_LEVEL) }
        },
        probability: evaluation.probability
    };
}

const classification = {
    name: 'classification',
    evaluate: (model, testSet, options, runtime, log) => evaluate(model.path, model.uri, testSet, options, runtime, log),
    describe: ({ metrics: m }) => `accuracy ${m.accuracy.toFixed(4)}, macro F1 ${m.macro_f1.toFixed(4)}, loss ${m.loss.toFixed(4)}`,
    metricsOf: (e) => e.metrics,
    readMetricsJson: readMetricsJson$1,
    analyse: (e, baseline, thresholds) => analyse(e, baseline, thresholds),
    headline: ({ metrics: m }) => ({ accuracy: m.accuracy, macro_f1: m.macro_f1, loss: m.loss }),
    report: classificationReport,
    rowsOf: (e) => {
        const r = e.rows;
        return { labels: r.labels, scores: r.scores, num_classes: r.numClasses, kind: r.kind, class_names: r.classNames };
    },
    replay: (rows, model, runtime, batchSize) => replayClassification(classificationRows(rows), model, runtime, batchSize)
};
function classificationRows(r) {
    return {
        labels: r.labels,
        scores: r.scores,
        numClasses: r.num_classes,
        kind: r.kind,
        classNames: r.class_names ?? null
    };
}

/**
 * Regression metrics as a pure accumulator, equal to scikit-learn's r2_score,
 * mean_squared_error, mean_absolute_error and RMSE = sqrt(MSE), for a single output.
 * Per-sample predictions and targets are kept (16 bytes a sample) for R², bootstrap intervals
 * and paired comparison.
 */
function initRegression(capacity = 1024) {
    return { predicted: new Float64Array(capacity), target: new Float64Array(capacity), count: 0 };
}
function updateRegression(state, predicted, target, size) {
    const need = state.count + size;
    if (need > state.target.length) {
        const cap = Math.max(need, state.target.length * 2);
        const p = new Float64Array(cap);
        p.set(state.predicted.subarray(0, state.count));
        const t = new Float64Array(cap);
        t.set(state.target.subarray(0, state.count));
        state.predicted = p;
        state.target = t;
    }
    for (let i = 0; i < size; i++) {
        state.predicted[state.count + i] = predicted[i];
        state.target[state.count + i] = target[i];
    }
    state.count = need;
    return state;
}
function regressionSamples(state) {
    return { predicted: state.predicted.slice(0, state.count), target: state.target.slice(0, state.count) };
}
function finalizeRegression(state) {
    const n = state.count;
    if (n === 0)
        throw new DataError('test-data holds no samples: point it at a non-empty test set', 'test-data');
    let mean = 0;
    for (let i = 0; i < n; i++)
        mean += state.target[i];
    mean /= n;
    let se = 0;
    let ae = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
        const t = state.target[i];
        const e = t - state.predicted[i];
        se += e * e;
        ae += Math.abs(e);
        ss += (t - mean) * (t - mean);
    }
    const mse = se / n;
    // scikit-learn's r2_score: a constant target scores 1 for a perfect fit and 0 otherwise.
    const r2 = ss !== 0 ? 1 - se / ss : se === 0 ? 1 : 0;
    return { n_samples: n, r2, mse, rmse: Math.sqrt(mse), mae: ae / n };
}

/** A stored label as a number: JSON and .npy numbers as they are, text parsed; '' is no number. */
function targetValue(raw) {
    return typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : raw.trim() === '' ? NaN : Number(raw);
}
async function evaluateRegression(modelPath, modelUri, testSet, options, runtime, log) {
    const state = initRegression(testSet.size ?? 1024);
    const run = await runModel(modelPath, modelUri, testSet, { ...options, raw: true }, runtime, log, {
        read(batch) {
            const target = new Float64Array(batch.size);
            for (let i = 0; i < batch.size; i++) {
                const v = targetValue(batch.labels[i]);
                if (!Number.isFinite(v)) {
                    const where = batch.where?.(i) ?? `sample ${batch.offset + i}`;
                    throw new DataError(`test-data: ${where} has the target '${batch.written?.[i] ?? String(batch.labels[i])}', not a finite number; regression needs numeric labels`, 'test-data');
                }
                target[i] = v;
            }
            return target;
        },
        update(out, batch, target, runner) {
            if (out.numClasses !== 1) {
                throw new ModelError(`task is regression${options.task === 'auto' ? ' (the labels are not whole numbers)' : ''}, but output '${runner.output}' has ${out.numClasses} columns; ` +
                    `regression needs one continuous output: choose it with output-name, or set task: classification`, 'task');
            }
            updateRegression(state, out.scores, target, batch.size);
        },
        finish: () => finalizeRegression(state)
    });
    const samples = regressionSamples(state);
    return { model: run.model, metrics: run.result, runtime: run.runtime, n_samples: run.result.n_samples, samples, ...(options.keepRows ? { rows: samples } : {}) };
}
/** A single run's evaluation from the shards' rows in test-set order (the same accumulator, the same order). */
function replayRegression(rows, model, runtime, batchSize) {
    const n = rows.target.length;
    const state = initRegression(n);
    for (let offset = 0; offset < n; offset += batchSize) {
        const size = Math.min(batchSize, n - offset);
        updateRegression(state, rows.predicted.subarray(offset, offset + size), rows.target.subarray(offset, offset + size), size);
    }
    const metrics = finalizeRegression(state);
    return { model, metrics, runtime, n_samples: metrics.n_samples, samples: regressionSamples(state) };
}

/** Groups of the predicted-vs-true chart and bins of the residual histogram: readable in a comment's width. */
const GROUPS = 20;
const BINS = 15;
/** Worst residuals listed in the Markdown; residuals.csv has every sample. */
const WORST = 10;
const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
const signed = (v) => (v >= 0 ? '+' : '') + v.toFixed(4);
const escapeCell = (s) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const num = (v) => String(Math.round(v * 10000) / 10000);
/** A value for a chart label: 3 significant digits, quoted. */
const tick = (v) => `"${Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : Number(v.toPrecision(3))}"`;
/**
 * Predicted against true: the samples sorted by their true value in up to 20 groups of equal size;
 * per group the mean true value (bars) and the mean prediction (line). A good model's line follows
 * the bars; a line flatter than the bars is a model that shrinks towards the mean.
 */
function predictedVsTrueChart(s) {
    const n = s.target.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s.target[a] - s.target[b] || a - b);
    const groups = Math.min(GROUPS, n);
    const truth = [];
    const predicted = [];
    for (let g = 0; g < groups; g++) {
        const from = Math.floor((g * n) / groups);
        const to = Math.floor(((g + 1) * n) / groups);
        let t = 0;
        let p = 0;
        for (let j = from; j < to; j++) {
            t += s.target[order[j]];
            p += s.predicted[order[j]];
        }
        truth.push(t / (to - from));
        predicted.push(p / (to - from));
    }
    const [low, high] = range([...truth, ...predicted]);
    return [
        '```mermaid',
        'xychart-beta',
        `  title "Predicted vs true: mean true value (bars) and mean prediction (line), ${groups} groups by true value"`,
        `  x-axis "true value (group mean)" [${truth.map(tick).join(', ')}]`,
        `  y-axis "value" ${num(low)} --> ${num(high)}`,
        `  bar [${truth.map(num).join(', ')}]`,
        `  line [${predicted.map(num).join(', ')}]`,
        '```'
    ].join('\n');
}
/** The residuals (prediction − true) as a histogram of up to 15 equal-width bins. */
function residualChart(s) {
    const n = s.target.length;
    const residuals = Array.from({ length: n }, (_, i) => s.predicted[i] - s.target[i]);
    const [lo, hi] = [Math.min(...residuals), Math.max(...residuals)];
    const bins = hi > lo ? BINS : 1;
    const width = hi > lo ? (hi - lo) / bins : 1;
    const counts = new Array(bins).fill(0);
    for (const r of residuals)
        counts[Math.min(bins - 1, Math.floor((r - lo) / width))]++;
    const centres = hi > lo ? counts.map((_, b) => lo + (b + 0.5) * width) : [lo];
    return [
        '```mermaid',
        'xychart-beta',
        `  title "Residuals (prediction − true): samples per bin"`,
        `  x-axis "residual (bin centre)" [${centres.map(tick).join(', ')}]`,
        `  y-axis "samples" 0 --> ${Math.max(...counts)}`,
        `  bar [${counts.join(', ')}]`,
        '```'
    ].join('\n');
}
function range(values) {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = hi > lo ? (hi - lo) * 0.05 : Math.abs(hi) * 0.05 || 1;
    return [lo - pad, hi + pad];
}
/** Sample indices by absolute residual, largest first (ties: the earlier sample). */
function byResidual(s) {
    const abs = (i) => Math.abs(s.predicted[i] - s.target[i]);
    return Array.from({ length: s.target.length }, (_, i) => i).sort((a, b) => abs(b) - abs(a) || a - b);
}
/** residuals.csv: every sample, worst absolute residual first — what people look at, as misclassified.csv. */
function residualsCsv(s) {
    const lines = ['index,true,predicted,residual'];
    for (const i of byResidual(s))
        lines.push(`${i},${s.target[i]},${s.predicted[i]},${s.predicted[i] - s.target[i]}`);
    return lines.join('\n') + '\n';
}
function renderRegressionMarkdown(doc, samples, options = {}) {
    const lines = [];
    if (options.header)
        lines.push(options.header);
    lines.push(`## model-gate: ${doc.gate.passed ? '✅ passed' : '❌ failed'}`, '');
    const version = doc.model.version !== undefined ? ` (version ${doc.model.version})` : '';
    lines.push(`Regression model \`${escapeCell(doc.model.uri)}\`${version} on \`${escapeCell(doc.data.path)}\`: ${doc.n_samples} samples, ${doc.runtime.device}, ${doc.runtime.seconds.toFixed(2)} s.`, '');
    const fed = inputsLine(doc.model.inputs);
    if (fed)
        lines.push(fed, '');
    if (options.run)
        lines.push(`Evaluated on ${options.run}.`, '');
    const ci = doc.confidence_intervals;
    lines.push(`| metric | value | ${Math.round(ci.level * 100)}% interval |`, '| --- | ---: | --- |');
    for (const [m, v] of Object.entries(ci.metrics))
        lines.push(`| ${m} | ${fmt(v.value)} | [${fmt(v.low)}, ${fmt(v.high)}] |`);
    lines.push('', `Intervals: percentile bootstrap, ${ci.resamples} resamples, seed ${ci.seed}.`, '');
    lines.push('### Gate', '');
    if (doc.gate.checks.length === 0)
        lines.push('No thresholds were set: the gate passes on any result.', '');
    else {
        lines.push('| | check | value | condition |', '| --- | --- | ---: | --- |');
        for (const c of doc.gate.checks) {
            const cond = c.op === 'max_drop' || c.op === 'min_gain' ? `${c.op.replace('_', ' ')} ${fmt(c.threshold)} vs baseline ${c.baseline == null ? '—' : fmt(c.baseline)}` : `${c.op} ${fmt(c.threshold)}`;
            lines.push(`| ${c.passed ? '✅' : '❌'} | \`${escapeCell(c.metric)}\` | ${fmt(c.value)} | ${escapeCell(cond)}${c.note ? ` (${escapeCell(c.note)})` : ''} |`);
        }
        lines.push('');
    }
    const p = doc.promotion;
    if (p && p.name !== null)
        lines.push('### Promotion', '', promotionLine(p), '');
    if (doc.comparison) {
        const c = doc.comparison.paired_bootstrap;
        lines.push('### Compared with the baseline', '', `Baseline \`${escapeCell(doc.comparison.baseline)}\`, same test set.`, '');
        lines.push(`| metric | model − baseline | ${Math.round(c.level * 100)}% paired-bootstrap interval |`, '| --- | ---: | --- |');
        for (const [m, v] of Object.entries(c.differences))
            lines.push(`| ${m} | ${signed(v.value)} | [${signed(v.low)}, ${signed(v.high)}] |`);
        lines.push('');
    }
    const head = lines.join('\n');
    const worst = byResidual(samples).slice(0, WORST);
    const details = [
        '### Predicted vs true', '', predictedVsTrueChart(samples), '',
        '### Residuals', '', residualChart(samples), '',
        '### Worst residuals', '', `The ${worst.length} samples the model is furthest off on (residuals.csv lists every sample).`, '',
        '| sample | true | predicted | residual |', '| ---: | ---: | ---: | ---: |',
        ...worst.map((i) => `| ${i} | ${fmt(samples.target[i])} | ${fmt(samples.predicted[i])} | ${signed(samples.predicted[i] - samples.target[i])} |`),
        ''
    ].join('\n');
    const links = [];
    if (options.links?.run)
        links.push(`[workflow run](${options.links.run})`);
    if (options.links?.artifact)
        links.push(`[report artifact](${options.links.artifact}) (metrics.json, residuals.csv)`);
    const footer = links.length ? `${links.join(' · ')}\n` : '';
    const limit = options.limit ?? Infinity;
    // The pictures and the worst residuals go first when over the limit; the verdict never does.
    const text = head.length + details.length + footer.length + 1 <= limit ? `${head}\n${details}\n${footer}` : `${head}\n_Pictures and residuals left out to stay under ${limit.toLocaleString('en-US')} characters; the report artifact has them._\n\n${footer}`;
    return text.length > limit ? text.slice(0, Math.max(0, limit - 80)) + '\n\n_(cut to fit; see the report artifact)_\n' : text;
}
async function regressionReport(input) {
    const { evaluation: e, baseline, statistics, registry } = input;
    const m = e.metrics;
    const document = {
        schema_version: 1,
        task: 'regression',
        model: { ...e.model, ...(registry.version !== undefined ? { name: registry.name, version: registry.version } : {}) },
        data: input.data,
        n_samples: m.n_samples,
        r2: m.r2,
        mse: m.mse,
        rmse: m.rmse,
        mae: m.mae,
        confidence_intervals: statistics.confidence_intervals,
        baseline: baseline
            ? { source: baseline.source, version: baseline.version ?? null, sha256: baseline.evaluation?.model.sha256 ?? null, r2: baseline.metrics.r2, mse: baseline.metrics.mse, rmse: baseline.metrics.rmse, mae: baseline.metrics.mae }
            : null,
        comparison: statistics.comparison,
        ...input.extra,
        gate: input.verdict,
        runtime: e.runtime,
        promotion: input.promotion
    };
    return {
        document,
        files: [{ name: 'residuals.csv', content: residualsCsv(e.samples) }],
        markdown: (options = {}) => renderRegressionMarkdown(document, e.samples, options),
        tracked: { r2: m.r2, mse: m.mse, rmse: m.rmse, mae: m.mae }
    };
}

/**
 * The statistics of a regression run: metric lookups, bootstrap confidence intervals, and the paired
 * bootstrap against a baseline model that `significance:` thresholds use. Pure.
 */
const regressionLookup = (m) => (metric) => REGRESSION_METRICS.includes(metric) && typeof m[metric] === 'number' ? m[metric] : undefined;
function intervals(sorted, observed) {
    return Object.fromEntries(Object.entries(sorted).map(([metric, values]) => {
        const [low, high] = percentileInterval(values, DEFAULT_LEVEL);
        return [metric, { value: observed(metric), low, high }];
    }));
}
function analyseRegression(e, baseline, thresholds, options = BOOTSTRAP_DEFAULTS) {
    const current = regressionLookup(e.metrics);
    const baseLookup = baseline ? regressionLookup(baseline.metrics) : () => undefined;
    const wanted = thresholds.filter((t) => t.kind === 'baseline' && t.significance !== undefined).map((t) => t.metric);
    const other = baseline?.evaluation;
    if (other && other.samples.target.some((y, i) => y !== e.samples.target[i])) {
        throw new ThresholdError(`input 'baseline': the baseline model's targets differ from this run's, so the two were not scored on the same test set`, 'baseline');
    }
    const paired = other
        ? pairedBootstrapRegression(e.samples, other.samples, [...new Set([...REGRESSION_METRICS, ...wanted.filter((m) => current(m) !== undefined)])], options)
        : undefined;
    const ci = bootstrapRegression(e.samples, REGRESSION_METRICS, options);
    const diff = (m) => current(m) - baseLookup(m);
    return {
        current,
        baseline: baseLookup,
        significance: paired ? significanceLookup(paired, undefined) : undefined,
        confidence_intervals: { method: 'percentile_bootstrap', level: DEFAULT_LEVEL, ...options, metrics: intervals(ci, current) },
        comparison: baseline && paired
            ? { baseline: baseline.source, n_samples: e.n_samples, paired_bootstrap: { level: DEFAULT_LEVEL, ...options, differences: intervals(paired, diff) } }
            : null
    };
}

/** Regression: one continuous output against float targets, gated on r2, mse, rmse, mae. */
async function readMetricsJson(file) {
    const text = await readTextFile(file, { label: "input 'baseline'", input: 'baseline' });
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (e) {
        throw new InputError(`input 'baseline': cannot read ${file} as metrics.json (${e.message}); give a metrics.json written by model-gate`, 'baseline');
    }
    if (doc.schema_version !== 1 || !REGRESSION_METRICS.every((m) => typeof doc[m] === 'number')) {
        throw new InputError(`input 'baseline': ${file} is not the metrics.json of a regression run (schema_version 1 with r2, mse, rmse, mae)`, 'baseline');
    }
    const [r2, mse, rmse, mae] = REGRESSION_METRICS.map((m) => doc[m]);
    return { r2: r2, mse: mse, rmse: rmse, mae: mae };
}
const regression = {
    name: 'regression',
    // A label that cannot be a class index — a fraction, or below 0 — is a regression target.
    claims: (labels) => labels.some((raw) => {
        const v = targetValue(raw);
        return Number.isFinite(v) && (!Number.isInteger(v) || v < 0);
    }),
    evaluate: (model, testSet, options, runtime, log) => evaluateRegression(model.path, model.uri, testSet, options, runtime, log),
    describe: ({ metrics: m }) => `R² ${m.r2.toFixed(4)}, RMSE ${m.rmse.toFixed(4)}, MAE ${m.mae.toFixed(4)}`,
    metricsOf: ({ metrics: m }) => ({ r2: m.r2, mse: m.mse, rmse: m.rmse, mae: m.mae }),
    readMetricsJson,
    analyse: (e, baseline, thresholds) => analyseRegression(e, baseline, thresholds),
    headline: ({ metrics: m }) => ({ r2: m.r2, rmse: m.rmse, mae: m.mae }),
    report: regressionReport,
    rowsOf: (e) => ({ predicted: e.rows.predicted, target: e.rows.target }),
    replay: (rows, model, runtime, batchSize) => replayRegression({ predicted: rows.predicted, target: rows.target }, model, runtime, batchSize)
};

/** The first is the default: what `auto` picks when no other task claims the labels. */
const TASKS = [classification, regression];
/** Labels looked at to decide `task: auto`. */
const PROBE_SAMPLES = 256;
/** The task a run's name asks for; throws naming the ones there are. */
function taskNamed(name) {
    if (name === 'auto')
        return undefined;
    const task = TASKS.find((t) => t.name === name);
    if (!task)
        throw new InputError(`input 'task' is '${name}': use auto, ${TASKS.map((t) => t.name).join(', ')}`, 'task');
    return task;
}
/**
 * The task of a run. With `auto`: classes named by the test set (an image folder) or by class-names
 * make it the default task's, and no image is decoded to find out; otherwise the first 256 labels
 * are read and the first other task that claims them wins (regression: a label that is a fraction,
 * or below 0).
 */
async function chooseTask(name, testSet, classNames) {
    const named = taskNamed(name);
    if (named)
        return named;
    const [fallback, ...others] = TASKS;
    // Labels named through class-names are classes: a fraction among them is a bad label, not a regression target.
    if (testSet.classNames !== undefined || classNames !== undefined)
        return fallback;
    for await (const batch of testSet.labelBatches ? testSet.labelBatches(PROBE_SAMPLES) : testSet.batches(PROBE_SAMPLES)) {
        return others.find((t) => t.claims?.(batch.labels, testSet)) ?? fallback;
    }
    return fallback;
}

/**
 * The Action's main job, shared by main.ts and the CLI: evaluate, gate, write the reports.
 * It never imports @actions/*; every outside effect comes in through `deps`.
 */
/**
 * GitHub drops a job summary above 1 MiB (bytes). In characters, at most 3 bytes each (a 4-byte
 * character counts 2): a 1000-class matrix (4 MB of Markdown) is left to report.md.
 */
const SUMMARY_LIMIT = 340_000;
async function runModelGate(config, deps) {
    const context = deps.context ?? readRunContext();
    const target = parseTarget(config.promoteTo);
    const models = deps.models ?? (deps.registry ? new RegistryModelSource(deps.registry, target, deps.log) : localModels);
    const compared = config.thresholds.find((t) => t.kind === 'baseline');
    if (compared && config.baseline === undefined) {
        throw new InputError(`input 'thresholds' uses ${compared.metric}_vs_baseline but no baseline is set: set baseline (production, a registry URI, an .onnx path or a metrics.json)`, 'baseline');
    }
    taskNamed(config.task);
    if (config.merge !== undefined) {
        // a merge reads no samples: the shards' rows are the evaluation
        const shards = await deps.log.group('Merge', () => readShards(config.merge));
        const task = taskNamed(shards.shards[0].task);
        if (config.task !== 'auto' && config.task !== task.name)
            throw new ShardError(`merge: the shards ran task ${task.name}, not ${config.task}; set task: ${task.name} or leave it auto`, 'merge');
        deps.log.info(`merge: ${shards.files.length} shards of ${shards.shards[0].shard.total} samples (${shards.files.join(', ')})`);
        const placeholder = { path: shards.shards[0].data.path };
        return runTask(task, placeholder, config, deps, { context, target, models, modelRef: config.model, shards });
    }
    const whole = await openTestSet(config);
    // task: auto looks at the whole test set's first labels, so every shard picks the same task
    const task = await chooseTask(config.task, whole, config.classNames);
    const sliced = config.shard ? await sliceTestSet(whole, config.shard.index, config.shard.count, config.batchSize) : undefined;
    const testSet = sliced?.testSet ?? whole;
    // register: the file becomes a new version of `model` first (on push/dispatch), then is evaluated as `model`
    const modelRef = config.register
        ? await deps.log.group('Register', () => registerForRun({ file: config.register, model: config.model, experiment: config.experiment, dryRun: config.dryRun }, deps.registry, context, deps.log, models))
        : config.model;
    return runTask(task, testSet, config, deps, { context, target, models, modelRef, slice: sliced?.slice });
}
/** evaluate → gate → promote → report → publish, the same for every task. */
async function runTask(task, testSet, config, deps, run) {
    const { log } = deps;
    const { context, target, models } = run;
    const merged = run.shards
        ? await log.group('Merge', async () => {
            const model = (await models.resolve(run.modelRef, 'model'));
            const m = await mergeShards(task, run.shards, config, model);
            log.info(`${task.name}: ${m.result.n_samples} samples merged from ${m.shards.count} shards: ${task.describe(m.result)}`);
            if (m.baseline)
                log.info(`baseline ${m.baseline.source}${m.baseline.version ? ` (version ${m.baseline.version})` : ''}: ${task.describe(m.baseline.evaluation)}`);
            // a metrics.json baseline needs no rows; a model baseline ran in the shards
            const json = config.baseline !== undefined && path.extname(config.baseline).toLowerCase() === '.json' ? await loadBaseline(task, config.baseline, m.testSet, config, { runtime: deps.runtime, log, models }) : undefined;
            const baseline = m.baseline ?? json;
            const baselineAbsent = m.baselineNamed !== null && baseline === undefined ? 'no such model yet' : undefined;
            return { testSet: m.testSet, evaluation: { result: m.result, model, baseline, baselineAbsent, skipped: m.skipped, data: m.data } };
        })
        : undefined;
    if (merged)
        testSet = merged.testSet;
    const evaluation = merged?.evaluation ?? await log.group('Evaluate', async () => {
        const model = (await models.resolve(run.modelRef, 'model'));
        const options = run.slice ? { ...config, keepRows: true } : config;
        const result = await task.evaluate({ path: path.resolve(model.path), uri: model.uri }, testSet, options, deps.runtime, log);
        const rt = result.runtime;
        log.info(`${task.name}: ${result.n_samples} samples on ${rt.device} in ${rt.seconds.toFixed(2)} s (${Math.round(rt.samples_per_second)}/s): ${task.describe(result)}`);
        const baseline = await loadBaseline(task, config.baseline, testSet, options, { runtime: deps.runtime, log, models });
        const skipped = testSet.skipped?.();
        if (skipped && skipped.count > 0)
            log.warning(`skip-bad-files: left out ${skipped.count} image(s) that could not be decoded, e.g. ${skipped.files[0].file}; they are listed in metrics.json`);
        for (const w of testSet.warnings?.() ?? [])
            log.warning(w);
        // a first run says why there was nothing to compare with, in the registry's terms
        const baselineAbsent = config.baseline !== undefined && baseline === undefined ? (models.absence ?? 'no such model yet') : undefined;
        return { result, model, baseline, baselineAbsent, skipped, data: { path: config.testData, sha256: await testSet.sha256() } };
    });
    if (run.slice)
        return shardOutcome(task, config, deps, context, run.slice, evaluation, testSet);
    const verdict = await log.group('Gate', async () => {
        const before = { ...bootstrapThreads };
        const stats = task.analyse(evaluation.result, evaluation.baseline, config.thresholds);
        const parts = bootstrapThreads.parts - before.parts;
        const runs = bootstrapThreads.runs - before.runs;
        if (parts > runs)
            log.info(`bootstrap: ${bootstrapThreads.onWorkers - before.onWorkers} of ${parts} parts ran on worker threads (the same draws as one thread)`);
        const decided = decide(config.thresholds, stats.current, stats.baseline, stats.significance);
        // a first run's baseline checks say why there was nothing to compare with, in the registry's terms
        const absent = evaluation.baselineAbsent;
        const v = absent ? { ...decided, checks: decided.checks.map((c) => (c.baseline === null && c.note ? { ...c, note: `first run passes: ${absent}` } : c)) } : decided;
        if (v.checks.length === 0)
            log.warning('no thresholds were set: the gate passes on any result; set the thresholds input');
        for (const c of v.checks)
            log.info(`${c.passed ? 'pass' : 'FAIL'}  ${explainCheck(c)}`);
        log.info(`gate ${v.passed ? 'passed' : 'failed'}`);
        return { ...v, stats };
    });
    const headline = task.headline(evaluation.result);
    let failure;
    const registryModel = evaluation.model.version !== undefined && 'ref' in evaluation.model ? evaluation.model : undefined;
    const promotion = await log.group('Promote', async () => {
        const action = promotionAction({ promote: config.promote, context, fromRegistry: registryModel !== undefined && deps.registry !== undefined, gatePassed: verdict.passed });
        if (action.act === 'skip' || !registryModel || !deps.registry) {
            log.info(`no promotion: ${action.reason}`);
            return skipped(action.reason, target, registryModel);
        }
        const audit = {
            metrics: headline,
            failedChecks: verdict.checks.filter((c) => !c.passed).map(explainCheck),
            context,
            testSetSha256: evaluation.data.sha256
        };
        try {
            if (action.act === 'reject')
                return await tagRejected(deps.registry, registryModel, target, audit, config.dryRun, log);
            return await promote(deps.registry, registryModel, target, { archiveExisting: config.archiveExisting, dryRun: config.dryRun }, audit, log);
        }
        catch (e) {
            if (!(e instanceof RegistryError))
                throw e;
            // The reports are still written, with what happened; the step fails after them.
            failure = describeError(e);
            return { ...skipped(failure, target, registryModel), status: 'failed', reason: failure };
        }
    });
    const report = await log.group('Report', async () => {
        const { stats, ...gate } = verdict;
        const written = await task.report({
            evaluation: evaluation.result,
            baseline: evaluation.baseline,
            statistics: stats,
            verdict: gate,
            data: evaluation.data,
            registry: { name: evaluation.model.name, version: evaluation.model.version },
            promotion,
            extra: {
                ...(evaluation.baselineAbsent ? { baseline_absent: evaluation.baselineAbsent } : {}),
                ...(evaluation.skipped ? { skipped_files: evaluation.skipped } : {}),
                provenance: provenance(config, context, evaluation.result.runtime.onnxruntime)
            },
            testSet,
            log
        });
        const { document } = written;
        const metricsFile = path.join(config.outputDir, 'metrics.json');
        const reportFile = path.join(config.outputDir, 'report.md');
        const others = written.files.map((f) => ({ ...f, file: path.join(config.outputDir, f.name) }));
        const files = written.files.map((f) => f.name);
        try {
            await mkdir(config.outputDir, { recursive: true });
            // side by side on the thread pool: four round trips one after another were ~2 ms of a small gate
            await Promise.all([writeFile(metricsFile, metricsJsonText(document)), writeFile(reportFile, written.markdown({ files })), ...others.map((f) => writeFile(f.file, f.content))]);
        }
        catch (e) {
            throw new ModelGateError(`output-dir: cannot write reports to ${config.outputDir} (${e.message}); choose a writable folder`, 'output-dir');
        }
        log.info(`wrote ${metricsFile}, ${reportFile}${files.map((f) => `, ${f}`).join('')}`);
        let tracking;
        if (config.logRun) {
            if (!deps.registry)
                throw new InputError("input 'log-run' is true but no tracking server is set: set tracking-uri (or MLFLOW_TRACKING_URI)", 'log-run');
            try {
                tracking = await logRun(deps.registry, config.experiment, document, written.tracked, [metricsFile, reportFile], context, {
                    model: config.model, test_data: config.testData, batch_size: String(config.batchSize), device: document.runtime.device, thresholds: JSON.stringify(config.thresholds)
                });
                log.info(`logged MLflow run ${tracking.run_id} in experiment '${config.experiment}' (${tracking.experiment_id})`);
                await writeFile(metricsFile, metricsJsonText({ ...document, tracking_run: tracking }));
            }
            catch (e) {
                if (!(e instanceof RegistryError))
                    throw e;
                failure ??= describeError(e);
            }
        }
        return { ...written, metricsFile, reportFile, names: files, files: [metricsFile, reportFile, ...others.map((f) => f.file)] };
    });
    const published = await log.group('Publish', async () => {
        const artifact = config.uploadArtifact ? await uploadReport(deps.artifacts, config.artifactName, report.files, config.outputDir, context, log) : undefined;
        const links = { run: context.runUrl, artifact };
        const described = describeRun(context);
        const modelKey = report.document.model.name ?? config.model;
        const commentUrl = await postComment(deps.comments, config.comment, context, modelKey, (marker) => report.markdown({ links, run: described, header: marker, limit: 65_000, files: report.names }), log);
        return { markdown: report.markdown({ links, run: described, limit: SUMMARY_LIMIT, files: report.names }), commentUrl };
    });
    const promoted = promotion.status === 'promoted' || promotion.status === 'already-promoted';
    return {
        task: task.name,
        document: report.document,
        markdown: published.markdown,
        metricsFile: report.metricsFile,
        reportFile: report.reportFile,
        passed: verdict.passed,
        headline,
        promoted,
        modelVersion: evaluation.model.version,
        promotion,
        failure,
        commentUrl: published.commentUrl
    };
}
/**
 * A shard run: the slice's own report (metrics.json with the slice's n_samples, report.md) and its
 * partial state in output-dir, uploaded as `<artifact-name>-shard-<i>-of-<n>`. Not gated, never
 * promoted, no comment: the merge job does those once, for the whole test set.
 */
async function shardOutcome(task, config, deps, context, slice, evaluation, testSet) {
    const { log } = deps;
    const reason = `shard ${slice.index}/${slice.count} (samples ${slice.from}–${slice.to - 1} of ${slice.total}): the merge job gates, promotes and comments`;
    const target = parseTarget(config.promoteTo);
    return log.group('Report', async () => {
        const stats = task.analyse(evaluation.result, evaluation.baseline, []);
        const written = await task.report({
            evaluation: evaluation.result,
            baseline: evaluation.baseline,
            statistics: stats,
            verdict: { passed: true, checks: [] },
            data: evaluation.data,
            registry: {},
            promotion: skipped(reason, target),
            extra: {
                shard: { index: slice.index, count: slice.count, from: slice.from, to: slice.to, total: slice.total, gated: false },
                ...(evaluation.skipped ? { skipped_files: evaluation.skipped } : {}),
                provenance: provenance(config, context, evaluation.result.runtime.onnxruntime)
            },
            testSet,
            log
        });
        const metricsFile = path.join(config.outputDir, 'metrics.json');
        const reportFile = path.join(config.outputDir, 'report.md');
        let stateFile;
        try {
            await mkdir(config.outputDir, { recursive: true });
            await writeFile(metricsFile, metricsJsonText(written.document));
            await writeFile(reportFile, written.markdown({ files: written.files.map((f) => f.name) }));
            for (const f of written.files)
                await writeFile(path.join(config.outputDir, f.name), f.content);
            stateFile = await writeShard(task, config.outputDir, slice, config, evaluation.data, evaluation.result, evaluation.baseline, evaluation.skipped, testSet);
        }
        catch (e) {
            throw new ModelGateError(`output-dir: cannot write reports to ${config.outputDir} (${e.message}); choose a writable folder`, 'output-dir');
        }
        log.info(`${reason}; wrote ${metricsFile}, ${reportFile}, ${stateFile}`);
        const files = [metricsFile, reportFile, ...written.files.map((f) => path.join(config.outputDir, f.name)), stateFile];
        const name = `${config.artifactName}-shard-${slice.index}-of-${slice.count}`;
        if (config.uploadArtifact)
            await uploadReport(deps.artifacts, name, files, config.outputDir, context, log);
        return {
            task: task.name,
            document: written.document,
            markdown: written.markdown({ run: describeRun(context), limit: SUMMARY_LIMIT }),
            metricsFile,
            reportFile,
            passed: true,
            headline: task.headline(evaluation.result),
            promoted: false,
            modelVersion: undefined,
            promotion: skipped(reason, target),
            failure: undefined,
            commentUrl: undefined
        };
    });
}

export { INPUT_NAMES as I, MlflowClient as M, OnnxRuntime as O, INPUT_DEFAULTS as a, MlflowHttp as b, runModelGate as c, readRunContext as d, explainCondition as e, OctokitComments as f, explainCheck as g, httpOptionsFromEnv as h, readConfig as r };
