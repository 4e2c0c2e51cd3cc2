package sqldb

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that only say where a click came from.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "ref_src": true, "_hsenc": true, "_hsmi": true,
}

// LinkKey folds a feed item's link for duplicate detection: the scheme and
// host in lower case, "www." and the default port dropped, http and https
// alike, no fragment, tracking parameters (utm_*, fbclid…) removed and the
// rest sorted, and a trailing slash ignored. Two links with one key are one
// article. A link that does not parse is kept as it is, trimmed.
func LinkKey(link string) string {
	link = strings.TrimSpace(link)
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return link
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			q.Del(k)
		}
	}
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	key := "//" + host + p
	if enc := q.Encode(); enc != "" { // Encode sorts by key
		key += "?" + enc
	}
	return key
}
