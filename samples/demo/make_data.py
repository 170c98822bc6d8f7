"""Generates the demo competition's data (lemonade-stand): run with /usr/bin/python3 make_data.py.

Deterministic (fixed seed); the CSVs it writes are committed, this script is their provenance.
Daily sales of a lemonade stand in two locations over 2023-2024, driven by temperature, rain,
flyers handed out and price, with a few missing values as real data has.
"""
import numpy as np
import pandas as pd

rng = np.random.default_rng(20240501)
dates = pd.date_range("2023-03-01", "2024-10-31", freq="D")
rows = []
for i, d in enumerate(dates):
    for loc in ("Park", "Beach"):
        season = np.sin((d.dayofyear - 80) / 365 * 2 * np.pi)
        temp = 22 + 10 * season + rng.normal(0, 3)
        rain = max(0.0, rng.gamma(0.6, 2.5) - 1.0) if rng.random() < 0.35 else 0.0
        flyers = int(rng.integers(10, 80))
        price = float(rng.choice([0.25, 0.3, 0.5]))
        base = 20 + 2.2 * temp - 4.0 * rain + 0.3 * flyers - 40 * price + (15 if loc == "Beach" else 0)
        base += 8 if d.dayofweek >= 5 else 0
        sales = max(0, int(round(base + rng.normal(0, 6))))
        rows.append(dict(date=d.strftime("%Y-%m-%d"), location=loc, temperature=round(temp, 1),
                         rainfall=round(rain, 2), flyers=flyers, price=price, sales=sales))
df = pd.DataFrame(rows)
df.insert(0, "id", range(1, len(df) + 1))
# Real data has holes: a few missing temperatures and flyer counts.
for col, share in (("temperature", 0.03), ("flyers", 0.02)):
    idx = rng.choice(len(df), size=int(len(df) * share), replace=False)
    df.loc[idx, col] = np.nan
test_mask = pd.to_datetime(df["date"]) >= "2024-07-01"
train, test = df[~test_mask], df[test_mask].drop(columns=["sales"])
out = "data/lemonade-stand/"
train.to_csv(out + "train.csv", index=False)
test.to_csv(out + "test.csv", index=False)
pd.DataFrame({"id": test["id"], "sales": 0}).to_csv(out + "sample_submission.csv", index=False)
print(len(train), len(test))
