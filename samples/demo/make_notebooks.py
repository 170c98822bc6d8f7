"""Writes the demo competition's notebooks (written for hookmine, not copied from Kaggle).

Each notebook exercises one situation the pipeline must handle; run with /usr/bin/python3.
They are saved without outputs; record_outputs.py then adds the outputs of their authors' runs
(see samples/demo/README.md).
"""
import json
import pathlib

OUT = pathlib.Path(__file__).parent / "notebooks" / "lemonade-stand"
OUT.mkdir(parents=True, exist_ok=True)


def notebook(cells, python="3.10.13"):
    out = []
    for kind, src in cells:
        cell = {"cell_type": kind, "metadata": {}, "source": src.strip("\n").splitlines(keepends=True)}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        out.append(cell)
    return {
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": python},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    }


NOTEBOOKS = {
    # Modern Kaggle layout, deterministic model: the notebook that should reproduce exactly.
    "alice--lemonade-baseline.ipynb": notebook([
        ("markdown", "# Lemonade stand: a linear baseline\nPredict daily sales from the weather, flyers and price."),
        ("code", """
import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error
"""),
        ("code", """
train = pd.read_csv('/kaggle/input/lemonade-stand/train.csv')
test = pd.read_csv('/kaggle/input/lemonade-stand/test.csv')
train.shape
"""),
        ("code", """
# fill the gaps with the training medians
medians = train[['temperature', 'flyers']].median()
train = train.fillna(medians)
test = test.fillna(medians)
train.isna().sum().sum()
"""),
        ("code", """
def add_features(df):
    df = df.copy()
    day = pd.to_datetime(df['date'])
    df['weekend'] = (day.dt.dayofweek >= 5).astype(int)
    df['beach'] = (df['location'] == 'Beach').astype(int)
    return df

train = add_features(train)
test = add_features(test)
features = ['temperature', 'rainfall', 'flyers', 'price', 'weekend', 'beach']
"""),
        ("code", """
valid_mask = train['date'] >= '2024-05-01'
X_train, y_train = train.loc[~valid_mask, features], train.loc[~valid_mask, 'sales']
X_valid, y_valid = train.loc[valid_mask, features], train.loc[valid_mask, 'sales']
model = LinearRegression().fit(X_train, y_train)
rmse = mean_squared_error(y_valid, model.predict(X_valid)) ** 0.5
print(f'validation RMSE: {rmse:.3f}')
"""),
        ("code", """
model = LinearRegression().fit(train[features], train['sales'])
submission = pd.DataFrame({'id': test['id'], 'sales': model.predict(test[features]).round(2)})
submission.to_csv('submission.csv', index=False)
submission.head()
"""),
    ]),
    # The old flat ../input layout and a seeded random forest.
    "bob--lemonade-random-forest.ipynb": notebook([
        ("code", """
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import cross_val_score

train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print(train.shape, test.shape)
"""),
        ("code", """
for df in (train, test):
    df['temperature'] = df['temperature'].fillna(df['temperature'].mean())
    df['flyers'] = df['flyers'].fillna(0)
    df['month'] = pd.to_datetime(df['date']).dt.month
X = pd.get_dummies(train.drop(columns=['id', 'date', 'sales']), columns=['location'])
X_test = pd.get_dummies(test.drop(columns=['id', 'date']), columns=['location'])
y = train['sales']
"""),
        ("code", """
forest = RandomForestRegressor(n_estimators=40, max_depth=8, random_state=0)
scores = cross_val_score(forest, X, y, cv=3, scoring='neg_mean_absolute_error')
print('CV MAE: %.3f' % -scores.mean())
"""),
        ("code", """
forest.fit(X, y)
pd.DataFrame({'id': test['id'], 'sales': forest.predict(X_test)}).to_csv('submission.csv', index=False)
"""),
    ], python="3.7.12"),
    # Python 2 syntax and removed scikit-learn APIs: a repair target.
    "carol--lemonade-python2.ipynb": notebook([
        ("code", """
import pandas as pd
from sklearn.cross_validation import train_test_split
from sklearn.linear_model import Ridge

train = pd.read_csv('../input/lemonade-stand/train.csv')
print "rows:", len(train)
"""),
        ("code", """
train = train.fillna(train.median(numeric_only=True))
X = train[['temperature', 'rainfall', 'flyers', 'price']].as_matrix()
y = train['sales'].values
X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=1)
"""),
        ("code", """
ridge = Ridge(alpha=1.0).fit(X_tr, y_tr)
print "R2 on validation: %.4f" % ridge.score(X_va, y_va)
"""),
    ], python="2.7.12"),
    # A module Debian does not package: must fail with missing_module (lightgbm).
    "dave--lemonade-lightgbm.ipynb": notebook([
        ("code", """
import pandas as pd
import lightgbm as lgb

train = pd.read_csv('/kaggle/input/lemonade-stand/train.csv')
"""),
        ("code", """
model = lgb.LGBMRegressor(n_estimators=100)
model.fit(train[['temperature', 'rainfall', 'flyers', 'price']], train['sales'])
"""),
    ]),
    # A notebook run on a laptop: absolute personal paths.
    "frank--lemonade-local-paths.ipynb": notebook([
        ("code", """
import pandas as pd
train = pd.read_csv('/Users/frank/Downloads/lemonade-stand/train.csv')
by_location = train.groupby('location')['sales'].agg(['mean', 'median', 'count'])
by_location
"""),
        ("code", """
hot = train[train['temperature'] > 30]
share_hot = len(hot) / len(train)
print(f'hot days: {share_hot:.1%}, mean sales on hot days: {hot.sales.mean():.2f}')
"""),
    ], python="3.11.5"),
    # Two votes: below the bronze tier, so the crawler leaves it out.
    "gus--lemonade-first-try.ipynb": notebook([
        ("code", """
import pandas as pd
train = pd.read_csv('/kaggle/input/lemonade-stand/train.csv')
train.describe()
"""),
    ]),
}

for name, nb in NOTEBOOKS.items():
    (OUT / name).write_text(json.dumps(nb, indent=1) + "\n")

# A script kernel (.py): exploratory statistics written to a CSV.
(OUT / "erin--lemonade-eda.py").write_text('''\
import pandas as pd

train = pd.read_csv("/kaggle/input/lemonade-stand/train.csv")
train["month"] = pd.to_datetime(train["date"]).dt.to_period("M").astype(str)
monthly = train.groupby(["month", "location"])["sales"].sum().unstack()
corr = train[["temperature", "rainfall", "flyers", "price", "sales"]].corr()["sales"].drop("sales")
print(corr.round(3))
summary = pd.DataFrame({"feature": corr.index, "corr_with_sales": corr.values.round(4)})
summary.to_csv("summary.csv", index=False)
''')
print(sorted(p.name for p in OUT.iterdir()))
