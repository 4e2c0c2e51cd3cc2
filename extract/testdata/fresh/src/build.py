import json, re, sys
import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib, b1, b2, b3
n_main = len(lib.ARTS)
import b4
n_hold = len(lib.ARTS)
import b5
from extra import EXTRA
for a in lib.ARTS:
    if a['id'] in EXTRA:
        a['text'] += '\n\n' + EXTRA[a['id']].replace('\n\n', '\n\n')

out = sys.argv[1]
def sub(s, mask):
    for a, b in sorted(mask, key=lambda p: -len(p[0])):
        s = s.replace(a, b)
    return s
def write(arts, name):
  with open(out + "/" + name + ".jsonl", "w") as f, open(out + "/" + name + "-masked.jsonl", "w") as g:
    for a in arts:
        mask = a.pop("_mask")
        f.write(json.dumps(a, ensure_ascii=False) + "\n")
        m = json.loads(json.dumps(a))
        m["id"] = a["id"].replace("fresh-", "fresh-m").replace("fresh2-", "fresh2-m").replace("fresh3-", "fresh3-m")
        m["text"] = sub(m["text"], mask); m["title"] = sub(m["title"], mask)
        for inc in m["gold"]["incidents"]:
            inc["victim"] = sub(inc["victim"], mask)
            inc["victim_aliases"] = [sub(x, mask) for x in inc["victim_aliases"]]
        g.write(json.dumps(m, ensure_ascii=False) + "\n")
        # check: no original victim name survives in masked text
        for inc in a["gold"]["incidents"]:
            for n in [inc["victim"]] + inc["victim_aliases"]:
                if re.search(r"\b%s\b" % re.escape(n), m["text"]):
                    print("LEAK", a["id"], n)
        words = len(a["text"].split())
        if words < 250: print("SHORT", a["id"], words)
write(lib.ARTS[:n_main], "articles")
write(lib.ARTS[n_main:n_hold], "holdout")
write(lib.ARTS[n_hold:], "holdout2")
print(n_main, n_hold - n_main, len(lib.ARTS) - n_hold)
