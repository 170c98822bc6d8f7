// The one comparison module: answers, tables, CSV files and printed text, all with the same
// numeric tolerance. Every stage that decides "same result?" imports from here.
export { DEFAULT_TOLERANCE, numbersClose, parseNumber, type MatchResult, type Tolerance } from './tolerance.js';
export { answersMatch, type AnswerOptions, type AnswerTolerance } from './values.js';
export { cellsMatch, compareTables, isTable, type Table, type TableOptions } from './table.js';
export { compareCsv, csvTable, guessIdColumns, parseCsv, type CsvCompareOptions } from './csv.js';
export { compareText, normaliseText, tokenize, type TextCompareOptions } from './text.js';
