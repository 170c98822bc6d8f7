import { describe, expect, it } from 'vitest';
import { dataExtension, matchesList, normaliseSegment, tabularVerdict } from '../../crawlers/tabular.js';

const csv = (name: string, totalBytes = 1000) => ({ name, totalBytes });

describe('tabularVerdict', () => {
  it('the deny list wins over the allow list, and both win over everything else', () => {
    const facts = { slug: 'playground-series-s4e1', hostSegment: 'HOST_SEGMENT_COMMUNITY', tags: ['image'] };
    expect(tabularVerdict(facts, { allow: ['playground-series-*'] })).toEqual({ tabular: true, reason: 'allow list (playground-series-*)' });
    expect(tabularVerdict(facts, { allow: ['playground-series-*'], deny: ['*-s4e1'] })).toEqual({ tabular: false, reason: 'deny list (*-s4e1)' });
  });

  it('skips community, in-class and analytics competitions by host segment', () => {
    for (const segment of ['HOST_SEGMENT_COMMUNITY', 'InClass', 'Analytics']) {
      expect(tabularVerdict({ slug: 'x', hostSegment: segment, tags: ['tabular'], files: [csv('train.csv')] }).tabular).toBe(false);
    }
    expect(normaliseSegment('Getting Started')).toBe('GETTING_STARTED');
    expect(normaliseSegment('HOST_SEGMENT_UNSPECIFIED')).toBeNull();
  });

  it('refuses image and text metrics and tags without looking at files', () => {
    expect(tabularVerdict({ slug: 'x', tags: [], evaluationMetric: 'Dice coefficient' })).toEqual({ tabular: false, reason: 'metric "Dice coefficient" is for images, text or audio' });
    expect(tabularVerdict({ slug: 'x', tags: ['Computer Vision'] })).toEqual({ tabular: false, reason: 'tag "computer vision" (not tabular data)' });
  });

  it('asks for the data files when metadata leaves it open', () => {
    expect(tabularVerdict({ slug: 'x', hostSegment: 'HOST_SEGMENT_FEATURED', tags: ['tabular'], evaluationMetric: 'AUC' })).toEqual({ tabular: null, reason: 'needs the data file list' });
  });

  it('decides by the data files: tables yes, mostly images no, nothing tabular no', () => {
    expect(tabularVerdict({ slug: 'x', tags: [], files: [csv('train.csv'), csv('test.csv.zip'), csv('sample_submission.csv')], evaluationMetric: 'RMSE' })).toEqual({
      tabular: true,
      reason: 'tabular: 3 data files (.csv, 2.9 KiB); metric RMSE',
    });
    expect(tabularVerdict({ slug: 'x', tags: [], files: [csv('labels.csv', 100), csv('img/1.png', 1e6), csv('img/2.png', 1e6)] }).reason).toBe('2 of 3 data files are images, audio or video (.png)');
    expect(tabularVerdict({ slug: 'x', tags: [], files: [csv('train.csv', 100), csv('audio.wav', 10_000)] }).tabular).toBe(false);
    expect(tabularVerdict({ slug: 'x', tags: [], files: [csv('model.pt')] })).toEqual({ tabular: false, reason: 'no tabular data files (.csv, .parquet, ...) among 1 files' });
    expect(tabularVerdict({ slug: 'x', tags: [], files: [] })).toEqual({ tabular: false, reason: 'no data files listed' });
  });

  it('a tabular tag keeps a competition with some images tabular when its files are mostly tables', () => {
    const verdict = tabularVerdict({ slug: 'petfinder', tags: ['tabular', 'image'], files: [csv('train.csv', 5e6), csv('test.csv', 1e6), csv('photo.jpg', 1000)] });
    expect(verdict.tabular).toBe(true);
  });

  it('reads data extensions through archive suffixes, and globs match whole slugs', () => {
    expect(dataExtension('train.csv.zip')).toBe('csv');
    expect(dataExtension('data/part-0.parquet.gz')).toBe('parquet');
    expect(dataExtension('README')).toBe('');
    expect(matchesList('titanic', ['titan'])).toBeUndefined();
    expect(matchesList('titanic', ['TITAN*'])).toBe('TITAN*');
  });
});
