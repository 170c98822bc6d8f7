// The SFT conversation of any episode from its corpus rows: synthetic (values as the corpus
// returns them, JSON text) and Kaggle-shaped (no question, no answer).
import { describe, expect, it } from 'vitest';
import { bound, buildConversation, describeValue, TOOLS, type ConversationStep } from '../../src/episodes/conversation.js';
import { loadPrompt } from '../../src/llm/prompts.js';

const prompt = loadPrompt('sft-conversation', 1);

const frame = {
  shape: [891, 3],
  columns: ['PassengerId', 'Sex', 'Age'],
  dtypes: { PassengerId: 'int64', Sex: 'object', Age: 'float64' },
  head: [[1, 'male', 22], [2, 'female', 38]],
  missing: { Age: 177 },
  stats: {},
};
const series = { name: 'Age', shape: [2], values: [27.9, 30.7], index_values: ['female', 'male'], head: [], stats: {} };

const synthetic = {
  episode_id: 'syn_1',
  source: 'synthetic',
  dataset: 'titanic',
  question: 'Which value of `Sex` has the highest average `Age`?',
  answer: JSON.stringify({ value: 'male' }),
  code: 'import pandas as pd\ndf = pd.read_csv("/kaggle/input/titanic/train.csv")\nper_group = df.groupby("Sex")["Age"].mean()\n',
};
const steps: ConversationStep[] = [
  { step_index: 1, name: 'per_group', code: 'per_group = df.groupby("Sex")["Age"].mean()', variable_name: 'per_group', value: JSON.stringify(series), value_type: 'Series' },
  { step_index: 0, name: 'load_data', code: 'import pandas as pd\ndf = pd.read_csv("/kaggle/input/titanic/train.csv")', variable_name: 'df', value: JSON.stringify(frame), value_type: 'DataFrame' },
  { step_index: 2, name: 'answer', code: 'answer = sorted(per_group[per_group == per_group.max()].index.tolist())', variable_name: 'answer', value: JSON.stringify(['male']), value_type: 'list' },
];

describe('buildConversation', () => {
  it('turns a synthetic episode into system, user, tool calls with results, and the answer', () => {
    const { messages, tools } = buildConversation(synthetic, steps, { prompt });
    expect(tools).toEqual(TOOLS);
    expect(tools[0]?.function.name).toBe('run_python');
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
    expect(messages[0]?.content).toBe(prompt.system);
    const user = messages[1]?.content ?? '';
    expect(user).toContain(synthetic.question);
    expect(user).toContain('Kaggle competition "titanic"');
    expect(user).toContain('Files: /kaggle/input/titanic/train.csv');
    expect(user).toContain('891 rows and 3 columns: PassengerId, Sex, Age');
    // Steps in order, each code as the tool call's arguments (an object, as TRL's chat templates take it).
    expect(messages[2]?.tool_calls).toEqual([{ id: 'call_0', type: 'function', function: { name: 'run_python', arguments: { code: steps[1]?.code } } }]);
    expect(messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_0', name: 'run_python' });
    expect(messages[3]?.content).toContain('DataFrame: 891 rows x 3 columns');
    expect(messages[3]?.content).toContain('missing values: Age 177');
    expect(messages[5]?.content).toBe("per_group:\nSeries 'Age': 2 values\nfemale: 27.9\nmale: 30.7");
    expect(messages[7]?.content).toBe('answer = ["male"]');
    expect(messages.at(-1)).toEqual({ role: 'assistant', content: 'Answer: male' });
  });

  it('bounds tool outputs and says what was cut', () => {
    const big = { ...frame, columns: Array.from({ length: 400 }, (_, i) => `column_${i}`) };
    const { messages } = buildConversation(synthetic, [{ ...steps[1], value: big } as ConversationStep], { prompt, maxToolChars: 300 });
    const tool = messages.find((m) => m.role === 'tool')?.content ?? '';
    expect(tool.length).toBeLessThanOrEqual(300);
    expect(tool).toMatch(/\[truncated: \d+ more characters\]$/);
    expect(bound('short', 10)).toBe('short');
  });

  it('states answer sets and distractor answers', () => {
    const set = buildConversation({ ...synthetic, answer: { values: ['Age', 'Fare'] } }, steps, { prompt });
    expect(set.messages.at(-1)?.content).toBe('Answer: Age (equally valid: Fare)');
    const none = buildConversation({ ...synthetic, answer: { value: null }, is_distractor: true }, steps, { prompt });
    expect(none.messages.at(-1)?.content).toMatch(/^Answer: None/);
    const list = buildConversation({ ...synthetic, answer: { value: [3, 2.5] } }, steps, { prompt });
    expect(list.messages.at(-1)?.content).toBe('Answer: 3, 2.5');
  });

  it('builds a Kaggle episode (no question, no answer) the same way, ending with the final value', () => {
    const kaggle = { episode_id: 'kg_1', source: 'kaggle', competition: 'titanic', dataset: 'titanic', question: null, answer: null };
    const kSteps: ConversationStep[] = [
      { step_index: 0, name: 'load:train', code: 'train = pd.read_csv("../input/train.csv")', variable_name: 'train', value: frame, value_type: 'DataFrame' },
      { step_index: 1, name: 'output:accuracy', code: 'acc = (pred == y).mean()', variable_name: 'acc', value: 0.8125, value_type: 'float64' },
    ];
    const { messages } = buildConversation(kaggle, kSteps, { prompt });
    expect(messages[1]?.content).toMatch(/^Reproduce the analysis of this Kaggle notebook/);
    expect(messages[1]?.content).toContain('Files: ../input/train.csv');
    expect(messages[5]?.content).toBe('acc = 0.8125');
    expect(messages.at(-1)?.content).toBe('Final result:\n0.8125');
  });
});

describe('describeValue', () => {
  it('shows scalars, strings, arrays and estimators compactly', () => {
    expect(describeValue('str', 'male')).toBe("'male'");
    expect(describeValue('str', '"male"')).toBe("'male'");
    expect(describeValue('bool', true)).toBe('True');
    expect(describeValue('NoneType', null)).toBe('None');
    expect(describeValue('ndarray', { shape: [3], dtype: 'int64', values: [1, 2, 3] })).toBe('ndarray: shape (3), dtype int64\n[1,2,3]');
    expect(describeValue('LinearRegression', { estimator: 'LinearRegression', params: { fit_intercept: true }, coef_: { shape: [2], dtype: 'float64', values: [0.5, -1] }, intercept_: 3 })).toBe(
      'LinearRegression(fit_intercept=True)\ncoef_: ndarray: shape (2), dtype float64\n[0.5,-1]\nintercept_: 3',
    );
  });
});
