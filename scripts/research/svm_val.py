"""SVM peer (as in scripts/peers/peers.py) on a research fit/val split; writes its val decision scores."""
import csv, sys, json, numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC
csv.field_size_limit(sys.maxsize)
d = sys.argv[1]
labels = json.load(open(d + '/labels.json'))
def read(p):
    rows = list(csv.DictReader(open(p, encoding='utf-8')))
    return [r['title'] for r in rows], [r['category'] for r in rows]
fx, fy = read(d + '/fit.csv'); vx, vy = read(d + '/val.csv')
m = Pipeline([("features", FeatureUnion([
    ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True)),
    ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=1, lowercase=True))])),
    ("svm", LinearSVC(C=1.0))])
m.fit(fx, fy)
scores = m.decision_function(vx)
out = np.full((len(vx), len(labels)), -10.0, dtype=np.float32)
index = {l: i for i, l in enumerate(labels)}
for j, c in enumerate(m.classes_): out[:, index[c]] = scores[:, j]
out.tofile(d + '/svm-val.f32')
print('ok', out.shape)
