// Relative data folders joined to competition file names become the competition's input folder.
import { describe, expect, it } from 'vitest';
import { dataFolders, dataRelativeFiles } from '../../extractors/repairs/data-paths.js';
import { repair, repairCells } from './helpers.js';

const layout = { rules: [dataFolders], competition: 'titanic', dataFiles: ['train.csv', 'test.csv', 'gender_submission.csv'] };

describe('data-folder', () => {
  it('rewrites a folder literal joined to a competition file with +, os.path.join and Path /', async () => {
    const code = "import os\nfrom pathlib import Path\na = pd.read_csv('data/' + 'train.csv')\nb = pd.read_csv(os.path.join('input', 'test.csv'))\nc = pd.read_csv(Path('data') / 'train.csv')\n";
    expect(await repair(code, layout)).toBe(
      "import os\nfrom pathlib import Path\na = pd.read_csv('/kaggle/input/titanic/' + 'train.csv')\nb = pd.read_csv(os.path.join('/kaggle/input/titanic', 'test.csv'))\nc = pd.read_csv(Path('/kaggle/input/titanic') / 'train.csv')\n",
    );
  });
  it('rewrites a folder variable assigned in one cell and joined to competition files in another', async () => {
    const out = await repairCells(["PATH = './data/'\n", "train = pd.read_csv(PATH + 'train.csv')\ntest = pd.read_csv(f'{PATH}test.csv')\n"], layout);
    expect(out.cells.map((c) => c.source)).toEqual(["PATH = '/kaggle/input/titanic/'\n", "train = pd.read_csv(PATH + 'train.csv')\ntest = pd.read_csv(f'{PATH}test.csv')\n"]);
    expect(out.repairs).toHaveLength(1);
  });
  it('leaves a folder variable alone when it is also joined to files that are not competition data (outputs)', async () => {
    const cells = ["OUT = 'data/'\n", "df = pd.read_csv(OUT + 'train.csv')\nsub.to_csv(OUT + 'submission.csv')\n"];
    expect((await repairCells(cells, layout)).repairs).toEqual([]);
  });
  it("leaves Kaggle's layout, absolute paths and folders joined to other files alone", async () => {
    const code = "a = pd.read_csv('../input/' + 'train.csv')\nb = pd.read_csv('/home/me/' + 'train.csv')\nc = open('logs/' + 'run.txt')\n";
    expect(await repair(code, layout)).toBe(code);
  });
});

describe('data-relative-file', () => {
  const rules = { ...layout, rules: [dataRelativeFiles] };
  it("reads of ./ and ../ competition files come from the input folder", async () => {
    expect(await repair("a = pd.read_csv('./train.csv')\nb = open('../test.csv')\nc = pd.read_csv(filepath_or_buffer='./gender_submission.csv')\n", rules)).toBe(
      "a = pd.read_csv('/kaggle/input/titanic/train.csv')\nb = open('/kaggle/input/titanic/test.csv')\nc = pd.read_csv(filepath_or_buffer='/kaggle/input/titanic/gender_submission.csv')\n",
    );
  });
  it('leaves writes, other files and the flat ../input layout alone', async () => {
    const code = "open('./train.csv', 'w')\npd.read_csv('./other.csv')\npd.read_csv('../input/train.csv')\nsub.to_csv('./train.csv')\n";
    expect(await repair(code, rules)).toBe(code);
  });
});
