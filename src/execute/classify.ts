// Why a run failed, as one stored reason and a detail a person can act on: which module, which
// file, which cell and exception, which limit. Pure: the facts of a run in, a Failure out.
import type { Python2Finding } from '../../extractors/notebook-script.js';
import type { SandboxOutcome } from '../sandbox/index.js';
import type { Failure, RunError } from './types.js';

export interface RunFacts {
  outcome: SandboxOutcome;
  /** the runner reported the end of the run */
  done: boolean;
  /** the cell that was running when the run ended without finishing it */
  runningCell: number | null;
  error: RunError | null;
  /** the limit a cell hit inside the runner ('output' or 'cpu') */
  limit: string | null;
  python2: Python2Finding[];
  wallSeconds: number;
  memoryMb: number;
  maxOutputBytes: number;
}

const MEMORY_TEXT = /std::bad_alloc|Cannot allocate memory|Unable to allocate|out of memory|MemoryError/i;
const PY2_MESSAGE = /Missing parentheses in call to '(print|exec)'|invalid syntax\. Perhaps you forgot a comma\?.*print/;

function inCell(cell: number | null | undefined): string {
  return cell === null || cell === undefined ? '' : ` in cell ${cell}`;
}

/** The top-level package of a dotted module name (sklearn.cross_validation -> sklearn.cross_validation is kept whole). */
function missingModule(error: RunError): string {
  const fromMessage = /No module named '([^']+)'/.exec(error.evalue)?.[1];
  return error.module ?? fromMessage ?? error.evalue;
}

// pandas (import_optional_dependency) and others raise ImportError for an optional package the
// installed stack lacks: "Missing optional dependency 'Jinja2'.  DataFrame.style requires jinja2."
const OPTIONAL_DEPENDENCY = /Missing optional dependency '([^']+)'/;

/** The package an ImportError says is missing (an optional dependency, or `No module named`), if any. */
export function missingOptionalDependency(error: RunError): string | undefined {
  if (error.ename !== 'ImportError') return undefined;
  return OPTIONAL_DEPENDENCY.exec(error.evalue)?.[1] ?? /No module named '([^']+)'/.exec(error.evalue)?.[1];
}

function missingFile(error: RunError): string | undefined {
  if (error.filename) return error.filename;
  const m = /No such file or directory: '([^']+)'|non-existent directory: '([^']+)'|File (\S+) does not exist/.exec(error.evalue);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/**
 * The message of an exception without the native stack trace some libraries append to it
 * (xgboost's "Stack trace: [bt] (0) ..." lines): the trace stays in executions.evalue/traceback.
 */
export function errorMessageOnly(evalue: string): string {
  const cut = evalue.split(/\n\s*Stack trace( returned \d+ entries)?:/)[0] ?? evalue;
  const lines = cut.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length <= 3 ? lines.join(' ') : `${lines.slice(0, 3).join(' ')} (+${lines.length - 3} lines)`;
}

export function classifyFailure(facts: RunFacts): Failure | null {
  const { outcome, error } = facts;
  if (outcome.sandboxError) return { reason: 'sandbox_error', detail: outcome.sandboxError };
  if (outcome.timedOut) {
    return { reason: 'timeout', detail: `wall-clock limit of ${facts.wallSeconds} s reached${inCell(facts.runningCell ?? error?.cellIndex)}` };
  }
  if (facts.limit === 'cpu' || error?.ename === 'CPUTimeExceeded' || outcome.signal === 'SIGXCPU') {
    return { reason: 'timeout', detail: `CPU time limit reached${inCell(facts.runningCell ?? error?.cellIndex)}` };
  }
  if (outcome.outputLimited || facts.limit === 'output') {
    return { reason: 'error', detail: `output limit: the run printed more than ${facts.maxOutputBytes} bytes${inCell(facts.runningCell ?? error?.cellIndex)}` };
  }
  if (outcome.oomKilled || (error && /MemoryError$/.test(error.ename))) {
    return { reason: 'memory', detail: `memory limit of ${facts.memoryMb} MiB reached${inCell(error?.cellIndex ?? facts.runningCell)}${error ? `: ${error.ename}: ${error.evalue}`.slice(0, 300) : ''}` };
  }
  if (!facts.done && outcome.signal) {
    // Killed from outside the runner: the kernel's OOM killer, or a crash in native code that
    // ran out of memory under the address-space limit (std::bad_alloc, failed malloc).
    if (outcome.signal === 'SIGKILL' || MEMORY_TEXT.test(outcome.stderr)) {
      return { reason: 'memory', detail: `killed by ${outcome.signal}${inCell(facts.runningCell)} (memory limit ${facts.memoryMb} MiB)` };
    }
    return { reason: 'error', detail: `the interpreter crashed with ${outcome.signal}${inCell(facts.runningCell)}` };
  }
  if (error) {
    if (error.ename === 'ModuleNotFoundError') {
      return { reason: 'missing_module', detail: `${missingModule(error)} (cell ${error.cellIndex})` };
    }
    const optional = missingOptionalDependency(error);
    // same detail as a ModuleNotFoundError: the package, then the cell
    if (optional !== undefined) return { reason: 'missing_module', detail: `${optional} (cell ${error.cellIndex})` };
    const file = error.ename === 'FileNotFoundError' || /non-existent directory|does not exist/.test(error.evalue) ? missingFile(error) : undefined;
    if (file !== undefined) return { reason: 'missing_file', detail: `${file} (cell ${error.cellIndex})` };
    if (error.ename === 'SyntaxError' || error.ename === 'TabError' || error.ename === 'IndentationError') {
      const finding = facts.python2.find((f) => f.cell === error.cellIndex && (error.lineno === undefined || f.line === error.lineno)) ?? facts.python2.find((f) => f.cell === error.cellIndex);
      if (finding) return { reason: 'python2_syntax', detail: `${finding.construct} in cell ${finding.cell}, line ${finding.line}: ${finding.text}` };
      if (PY2_MESSAGE.test(error.evalue) || error.ename === 'TabError') {
        return { reason: 'python2_syntax', detail: `cell ${error.cellIndex}, line ${error.lineno ?? '?'}: ${error.evalue}` };
      }
    }
    return { reason: 'error', detail: `cell ${error.cellIndex}: ${error.ename}: ${errorMessageOnly(error.evalue)}`.slice(0, 500) };
  }
  if (!facts.done) {
    const tail = outcome.stderr.trim().split('\n').slice(-3).join(' | ');
    return { reason: 'sandbox_error', detail: `the runner stopped without finishing (exit ${outcome.exitCode ?? outcome.signal})${tail ? `: ${tail}` : ''}`.slice(0, 500) };
  }
  return null;
}
