import pandas as pd

train = pd.read_csv("/kaggle/input/lemonade-stand/train.csv")
train["month"] = pd.to_datetime(train["date"]).dt.to_period("M").astype(str)
monthly = train.groupby(["month", "location"])["sales"].sum().unstack()
corr = train[["temperature", "rainfall", "flyers", "price", "sales"]].corr()["sales"].drop("sales")
print(corr.round(3))
summary = pd.DataFrame({"feature": corr.index, "corr_with_sales": corr.values.round(4)})
summary.to_csv("summary.csv", index=False)
