#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { I as InputError, d as describeError } from './errors.js';
import { I as INPUT_NAMES, r as readConfig, a as INPUT_DEFAULTS, M as MlflowClient, b as MlflowHttp, h as httpOptionsFromEnv, c as runModelGate, d as readRunContext, O as OnnxRuntime, e as explainCondition } from './pipeline.js';
import 'node:fs';
import 'node:module';
import 'node:url';
import 'worker_threads';
import 'node:child_process';
import 'node:fs/promises';
import './hash.js';
import 'node:crypto';
import 'node:buffer';
import 'node:os';
import 'process';
import 'buffer';
import './bootstrap.js';
import 'node:worker_threads';
import './wasm.js';
import './column-groups.js';
import './feeds.js';
import 'node:stream/promises';
import './zip.js';
import 'node:zlib';

/**
 * model-gate from a terminal: the same pipeline, inputs and reports as the Action, so a CI verdict can
 * be reproduced on a laptop.
 *
 *   model-gate evaluate --model m.onnx --test-data test.npz --thresholds 'accuracy: ">= 0.9"'
 *
 * Exit codes: 0 the gate passed, 1 it failed, 2 the run could not be made (bad input, unreadable
 * files, registry errors) — with one line saying what to do.
 */
const USAGE = `usage: model-gate evaluate --model <file.onnx | models:/name/version> --test-data <file | folder> [options]

Options are the Action's inputs as flags (see the README), e.g.
  --thresholds <yaml | json | file>   --labels <labels.npy>      --label-column <name>
  --class-names <a,b,c | file>         --batch-size <n>          --device auto|cpu|cuda[:n]
  --cuda-provider auto|none|<url>|<path>  (where the CUDA provider comes from; see the README)
  --output-dir <dir>                   --baseline <.onnx | metrics.json | production>
  --tracking-uri <url>                 --fail-on-gate false      --promote true (off by default here)
  --register <file.onnx> --model models:/<name>@<alias>   register the file as a new version first
  --shard <i>/<n>                      evaluate one slice, write its partial state (no gate)
  --merge <folder>                     combine the shards below folder exactly, then gate as one run
Exit codes: 0 gate passed, 1 gate failed, 2 error.`;
const tty = process.stdout.isTTY === true;
const paint = (code, s) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
const consoleLogger = {
    info: (m) => console.log(m),
    warning: (m) => console.log(paint('33', `warning: ${cliWords(m)}`)),
    async group(name, fn) {
        console.log(paint('1', `== ${name}`));
        return fn();
    }
};
function table(rows, align) {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}
function summary(o) {
    const d = o.document;
    const f = (v) => v.toFixed(4);
    const out = [''];
    const regression = o.task === 'regression';
    const keys = regression ? ['r2', 'mse', 'rmse', 'mae'] : ['accuracy', 'macro_f1', 'weighted_f1', 'macro_precision', 'macro_recall', 'loss'];
    out.push(table([['metric', 'value'], ...keys.map((k) => [k, f(d[k])])], ['l', 'r']));
    out.push('');
    if (d.gate.checks.length > 0) {
        out.push(table([['', 'check', 'value', 'condition'], ...d.gate.checks.map((c) => [c.passed ? paint('32', 'pass') : paint('31', 'FAIL'), c.metric, f(c.value), explainCondition(c).replace(/^[^,;:]*[,;:] ?/, '')])], ['l', 'l', 'r', 'l']));
        out.push('');
    }
    if (!regression) {
        out.push(table([['class', 'precision', 'recall', 'f1', 'support'], ...d.per_class.map((c) => [c.class, f(c.precision), f(c.recall), f(c.f1), String(c.support)])], ['l', 'r', 'r', 'r', 'r']));
        out.push('');
    }
    out.push(d.gate.passed ? paint('32;1', 'model-gate: gate passed') : paint('31;1', `model-gate: gate FAILED (${d.gate.checks.filter((c) => !c.passed).map((c) => c.metric).join(', ')})`));
    out.push(`reports: ${path.relative(process.cwd(), o.metricsFile)}, ${path.relative(process.cwd(), o.reportFile)}`);
    return out.join('\n');
}
/**
 * The engine's messages speak the Action's language (input 'test-data', paths relative to the
 * workspace); in a terminal they speak in --flags and in paths relative to the current folder.
 */
function cliWords(message, cwd = process.cwd()) {
    const names = [...INPUT_NAMES].sort((a, b) => b.length - a.length).map((n) => n.replace(/[-]/g, '\\-'));
    const hyphenated = names.filter((n) => n.includes('-'));
    const multi = new RegExp(String.raw `(?<![\w\-/.'\[])(${hyphenated.join('|')})(?![\w\-/.\]'])`, 'g');
    let text = message
        .replace(/input '([a-z-]+)'/g, '--$1')
        .replace(/relative to the workspace/g, 'relative to the current folder')
        .replace(/ \(e\.g\. in the workspace\)/g, '');
    // a single-word input name (model, baseline, …) is a flag where it opens the message or a clause
    text = text.replace(new RegExp(String.raw `(^|; |: |with |set |use |check )(${names.filter((n) => !n.includes('-')).join('|')})(?=[: ,;)]|$)`, 'g'), (_, before, name) => `${before}--${name}`);
    text = text.replace(multi, '--$1');
    // "use --device: auto" reads as a flag with its value; a message's opening "--model:" stays
    text = text.replace(/(?<=\s)--([a-z-]+): (?=[\w.])/g, '--$1 ');
    const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
    return text.split(prefix).join('');
}
async function main(argv) {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
        console.log(USAGE);
        return command === undefined ? 2 : 0;
    }
    try {
        if (command !== 'evaluate')
            throw new InputError(`unknown command '${command}'; the command is evaluate (model-gate --help)`, 'command');
        let values;
        try {
            values = parseArgs({
                args: rest,
                options: { ...Object.fromEntries(INPUT_NAMES.map((n) => [n, { type: 'string' }])), help: { type: 'boolean', short: 'h' } },
                strict: true,
                allowPositionals: false
            }).values;
        }
        catch (e) {
            throw new InputError(`${e.message.replace(/\. To specify.*$/s, '')}; see model-gate --help`, 'command');
        }
        if (values.help) {
            console.log(USAGE);
            return 0;
        }
        // Locally nothing is promoted, commented or uploaded unless asked for.
        const local = { promote: 'false', comment: 'false', 'upload-artifact': 'false' };
        const config = readConfig((name) => String(values[name] ?? local[name] ?? INPUT_DEFAULTS[name] ?? ''));
        const registry = config.trackingUri ? new MlflowClient(new MlflowHttp(httpOptionsFromEnv(config.trackingUri, process.env, (m) => console.log(m)))) : undefined;
        const outcome = await runModelGate(config, { runtime: new OnnxRuntime({ cudaProvider: config.cudaProvider }), log: consoleLogger, registry, context: readRunContext() });
        console.log(summary(outcome));
        if (outcome.failure) {
            console.error(paint('31', `error: ${cliWords(outcome.failure)}`));
            return 2;
        }
        return outcome.passed || !config.failOnGate ? 0 : 1;
    }
    catch (e) {
        console.error(paint('31', `error: ${cliWords(describeError(e))}`));
        return 2;
    }
}
process.exitCode = await main(process.argv.slice(2));

export { cliWords, main };
