import json
ARTS = []
def I(victim, aliases=(), usd=None, native=None, actor=None, fam=None, date=None, tech=None):
    return {"victim": victim, "victim_aliases": list(aliases), "amount_usd": usd,
            "amount_native": ({"value": native[0], "unit": native[1]} if native else None),
            "actor": actor, "actor_family": fam, "date": date, "technique": tech}
def G(fam, usd, period):
    return {"actor_family": fam, "amount_usd": usd, "period": period}
def A(id, published, title, text, incidents=(), aggregates=(), mask=()):
    text = "\n\n".join(p.strip().replace("\n", " ") for p in text.strip().split("\n\n"))
    ARTS.append({"id": id, "url": "https://example.org/fresh/" + id, "title": title, "published": published,
                 "lang": "en", "text": text, "gold": {"incidents": list(incidents), "aggregates": list(aggregates)},
                 "_mask": list(mask)})
