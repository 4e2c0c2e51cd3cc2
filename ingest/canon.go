package ingest

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that only say where a click came from;
// they never change the article, so they are dropped from its URL.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "ref_src": true, "_hsenc": true, "_hsmi": true,
	"mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true, "vero_id": true, "wickedid": true,
	"twclid": true, "ttclid": true, "li_fat_id": true, "s_cid": true, "_ga": true, "_gl": true,
	"cmpid": true, "spm": true,
}

// CanonicalURL normalises an article link so one article has one URL: scheme
// and host in lower case, the default port and fragment dropped, tracking
// parameters (utm_*, fbclid, gclid, mc_cid…) removed. The remaining query keeps
// its order. A link that does not parse as an absolute http(s) URL is
// returned trimmed.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "HTTP" && u.Scheme != "HTTPS") {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	if u.RawQuery != "" {
		// Filter pairs in place rather than through url.Values, which would
		// re-sort and re-escape the query.
		parts := strings.Split(u.RawQuery, "&")
		kept := parts[:0]
		for _, p := range parts {
			if p == "" {
				continue
			}
			key, _, _ := strings.Cut(p, "=")
			if k, err := url.QueryUnescape(key); err == nil {
				key = k
			}
			key = strings.ToLower(key)
			if strings.HasPrefix(key, "utm_") || trackingParams[key] {
				continue
			}
			kept = append(kept, p)
		}
		u.RawQuery = strings.Join(kept, "&")
	}
	u.ForceQuery = false
	return u.String()
}

// sameSite reports whether two URLs are on one site: the same host, ignoring
// a leading "www.". A page may only move its document to a canonical URL on
// its own site, so a hostile page cannot claim another site's article.
func sameSite(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil || ua.Host == "" || ub.Host == "" {
		return false
	}
	ha := strings.TrimPrefix(strings.ToLower(ua.Hostname()), "www.")
	hb := strings.TrimPrefix(strings.ToLower(ub.Hostname()), "www.")
	return ha == hb
}
