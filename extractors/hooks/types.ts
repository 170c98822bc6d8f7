// What a proposer produces and insertion consumes: hook positions and names, never code.
import type { FinalKind } from '../python/final-output.js';

export interface HookSpec {
  /** unique within a proposal: what the value is (`load:train`, `fit:model`, `output:submission`) */
  name: string;
  /** the notebook cell and the program statement after which the value is captured */
  cellIndex: number;
  statementId: number;
  /** 1-based line in the cell where that statement ends */
  line: number;
  /** the variable captured (a name the statement binds or modifies); null for the final output */
  variable: string | null;
  /** the statement's text, as recorded with the capture */
  codeLine: string;
  /** names of earlier hooks this value depends on */
  dependsOn: string[];
  isFinal: boolean;
  role: string;
}

export interface FinalTarget {
  statementId: number;
  cellIndex: number;
  kind: FinalKind;
  path?: string;
}

export interface Proposal {
  proposer: 'static' | 'llm';
  hooks: HookSpec[];
  final: FinalTarget | null;
  /** proposals the validator refused, with the reason */
  rejected: { item: unknown; reason: string }[];
}
