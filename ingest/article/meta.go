package article

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// maxAuthorLen bounds an author name; longer values are biographies or boxes.
const maxAuthorLen = 120

// metadata reads the page's own description of itself: Open Graph and other
// meta tags, JSON-LD and a few conventional elements. Each field takes the
// first source that has a value, most explicit first.
func metadata(doc *html.Node, base *url.URL) Article {
	p := findMetaNodes(goquery.NewDocumentFromNode(doc))
	m := readMetas(p)
	ld := readJSONLD(p)
	var a Article

	a.SiteName = firstNonEmpty(m.get("og:site_name"), ld.publisher, m.get("application-name"))
	a.Title = firstOf(
		func() string { return m.get("og:title", "twitter:title") },
		func() string { return ld.headline },
		func() string { return cleanTitle(nodeText(p.first(metaSel.title)), a.SiteName) },
		func() string { return collapse(nodeText(p.first(metaSel.h1))) },
	)
	a.Canonical = firstOf(
		func() string { return resolve(base, p.attr(metaSel.canonical, "href")) },
		func() string { return resolve(base, m.get("og:url")) },
	)
	if a.Canonical == "" && base != nil && base.IsAbs() {
		a.Canonical = base.String()
	}
	a.Author = firstOf(
		func() string {
			return notURL(m.get("author", "article:author", "parsely-author", "sailthru.author", "dc.creator"))
		},
		func() string { return ld.author },
		func() string { return collapse(nodeText(p.first(metaSel.author))) },
		func() string { return bylineName(nodeText(p.first(metaSel.byline))) },
	)
	if len(a.Author) > maxAuthorLen { // a whole author box, not a name
		a.Author = ""
	}
	a.Description = firstNonEmpty(m.get("og:description", "description", "twitter:description"), ld.description)
	a.Language = language(firstOf(
		func() string { return p.attr(metaSel.html, "lang") },
		func() string { return m.get("content-language") },
		func() string { return m.get("og:locale") },
		func() string { return ld.language },
	))
	for _, source := range []func() string{
		func() string {
			return m.get("article:published_time", "og:article:published_time", "datepublished",
				"pubdate", "publishdate", "publish-date", "publish_date", "parsely-pub-date",
				"sailthru.date", "dc.date.issued", "dc.date", "dcterms.created", "date")
		},
		func() string { return ld.published },
		func() string { return p.attr(metaSel.datePublished, "datetime") },
		func() string { return p.attr(metaSel.datePublished, "content") },
		func() string { return p.attr(metaSel.timePubdate, "datetime") },
		func() string { return p.attr(metaSel.articleTime, "datetime") },
		func() string {
			// A lone <time> is the story's; with several, the others may
			// date sidebar stories or today's date in the header.
			if lone := p.only(metaSel.time); lone != nil {
				v, _ := attrValue(lone, "datetime")
				return strings.TrimSpace(v)
			}
			return ""
		},
	} {
		if t, ok := parseTime(source()); ok {
			a.Published = t
			break
		}
	}
	return a
}

// metaSelectors are the elements metadata reads, as CSS selectors compiled
// once: compiling them again for every page cost more than matching them.
type metaSelectors struct {
	meta, jsonLD, title, h1, canonical, html, author, byline,
	datePublished, timePubdate, articleTime, time metaMatcher
	// every lists all of the above, for the walk that finds them all.
	every []metaMatcher
}

// metaMatcher is a compiled selector behind a cheap test that every element
// it matches passes (the element's name, or an attribute it needs):
// matching the selectors themselves was most of metadata's cost.
type metaMatcher struct {
	sel cascadia.Selector
	may func(*html.Node) bool
}

// match reports whether n matches the selector.
func (m metaMatcher) match(n *html.Node) bool { return m.may(n) && m.sel(n) }

// metaSel is built at init and only read after that.
var metaSel = compileMetaSelectors()

func compileMetaSelectors() metaSelectors {
	named := func(name string) func(*html.Node) bool {
		return func(n *html.Node) bool { return n.Data == name }
	}
	withAttr := func(keys ...string) func(*html.Node) bool {
		return func(n *html.Node) bool {
			for _, a := range n.Attr {
				for _, k := range keys {
					if a.Key == k {
						return true
					}
				}
			}
			return false
		}
	}
	c := func(sel string, may func(*html.Node) bool) metaMatcher {
		return metaMatcher{sel: cascadia.MustCompile(sel), may: may}
	}
	s := metaSelectors{
		meta:          c("meta", named("meta")),
		jsonLD:        c(`script[type="application/ld+json" i]`, named("script")),
		title:         c("title", named("title")),
		h1:            c("h1", named("h1")),
		canonical:     c("link[rel~=canonical]", named("link")),
		html:          c("html", named("html")),
		author:        c(`[rel~=author], [itemprop=author] [itemprop=name], [itemprop=author]`, withAttr("rel", "itemprop")),
		byline:        c(`[class~=byline], [class~=author]`, withAttr("class")),
		datePublished: c(`[itemprop=datePublished]`, withAttr("itemprop")),
		timePubdate:   c("time[pubdate]", named("time")),
		articleTime:   c("article time[datetime]", named("time")),
		time:          c("time[datetime]", named("time")),
	}
	s.every = []metaMatcher{s.meta, s.jsonLD, s.title, s.h1, s.canonical, s.html, s.author, s.byline,
		s.datePublished, s.timePubdate, s.articleTime, s.time}
	return s
}

// anyMeta matches every element one of metaSel's selectors matches, so that
// one walk over the page finds them all. mayMatchMeta rules out most
// elements first.
func anyMeta(n *html.Node) bool {
	if !mayMatchMeta(n) {
		return false
	}
	for _, m := range metaSel.every {
		if m.match(n) {
			return true
		}
	}
	return false
}

// mayMatchMeta is false for elements that no selector of metaSel can match:
// each selector needs one of these tags or attributes. Matching all of
// them against every node cost more than the rest of metadata.
func mayMatchMeta(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.Data {
	case "meta", "script", "title", "h1", "link", "html", "time":
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "rel", "itemprop":
			return true
		case "class":
			if strings.Contains(a.Val, "byline") || strings.Contains(a.Val, "author") {
				return true
			}
		}
	}
	return false
}

// metaNodes are the page's elements that match any of metaSel, in document
// order; each source then looks only at these.
type metaNodes []*html.Node

// findMetaNodes walks the page once.
func findMetaNodes(q *goquery.Document) metaNodes {
	return q.FindMatcher(cascadia.Selector(anyMeta)).Nodes
}

// first returns the first element matching sel, or nil.
func (p metaNodes) first(sel metaMatcher) *html.Node {
	for _, n := range p {
		if sel.match(n) {
			return n
		}
	}
	return nil
}

// only returns the element matching sel when exactly one does, else nil.
func (p metaNodes) only(sel metaMatcher) *html.Node {
	var found *html.Node
	for _, n := range p {
		if sel.match(n) {
			if found != nil {
				return nil
			}
			found = n
		}
	}
	return found
}

// attr returns the trimmed attribute of the first element matching sel that has it.
func (p metaNodes) attr(sel metaMatcher, name string) string {
	for _, n := range p {
		if sel.match(n) {
			if v, _ := attrValue(n, name); strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v)
			}
		}
	}
	return ""
}

// attrValue returns the value of n's first attribute called name, as
// goquery's Attr does.
func attrValue(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// nodeText is the text of every text node under n, as goquery's Text gives
// it: white space kept. A nil n has none.
func nodeText(n *html.Node) string {
	if n == nil {
		return ""
	}
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// bylineName reads a name from a byline element: "By Ana Lima" gives
// "Ana Lima"; a byline with more than a name in it (a date, a title) gives "".
func bylineName(s string) string {
	s = collapse(s)
	for _, prefix := range []string{"By ", "BY ", "by "} {
		s = strings.TrimPrefix(s, prefix)
	}
	if s == "" || len(s) > 60 || strings.ContainsAny(s, "0123456789|") {
		return ""
	}
	return s
}

// metas maps the lower-cased property, name, itemprop or http-equiv of each
// <meta> to its first non-empty content.
type metas map[string]string

// readMetas reads every <meta> once; the lookups after that are map reads.
func readMetas(p metaNodes) metas {
	m := metas{}
	for _, n := range p {
		if !metaSel.meta.match(n) {
			continue
		}
		content, _ := attrValue(n, "content")
		c := collapse(content)
		if c == "" {
			continue
		}
		for _, at := range []string{"property", "name", "itemprop", "http-equiv"} {
			if k, ok := attrValue(n, at); ok {
				k = strings.ToLower(strings.TrimSpace(k))
				if _, seen := m[k]; !seen {
					m[k] = c
				}
			}
		}
	}
	return m
}

// get returns the content of the first key present, trying keys in order.
func (m metas) get(keys ...string) string {
	for _, k := range keys {
		if v := m[k]; v != "" {
			return v
		}
	}
	return ""
}

// firstOf returns the first non-empty result, calling the sources lazily:
// later sources search the whole document and are only needed when the
// explicit metadata is missing.
func firstOf(sources ...func() string) string {
	for _, f := range sources {
		if v := f(); v != "" {
			return v
		}
	}
	return ""
}

// titleSeparators split a <title> into the story's title and the site's name.
var titleSeparators = []string{" | ", " – ", " — ", " - ", " :: ", " · ", " » "}

// cleanTitle drops a trailing site name from a <title>: always after " | ",
// and after a dash only when the tail is the site name, since headlines use
// dashes themselves.
func cleanTitle(title, site string) string {
	title = collapse(title)
	for _, sep := range titleSeparators {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		head, tail := strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		if sep == " | " || (site != "" && strings.EqualFold(tail, site)) {
			return head
		}
	}
	return title
}

// ldFacts are the fields read from a page's JSON-LD.
type ldFacts struct {
	headline, published, author, publisher, description, language string
}

// articleTypes are the schema.org types that describe the page's story; their
// fields win over those of other objects (a WebSite, a BreadcrumbList).
var articleTypes = map[string]bool{
	"Article": true, "NewsArticle": true, "ReportageNewsArticle": true,
	"AnalysisNewsArticle": true, "BlogPosting": true, "TechArticle": true,
	"Report": true, "LiveBlogPosting": true, "OpinionNewsArticle": true,
}

// readJSONLD collects facts from every <script type="application/ld+json">,
// preferring objects of an article type. Broken JSON is skipped: it is common
// and says nothing about the rest of the page.
func readJSONLD(p metaNodes) ldFacts {
	var objs []map[string]any
	for _, n := range p {
		if !metaSel.jsonLD.match(n) {
			continue
		}
		var v any
		if json.Unmarshal([]byte(nodeText(n)), &v) == nil {
			objs = appendObjects(objs, v, 0)
		}
	}
	var f ldFacts
	for _, articleOnly := range []bool{true, false} {
		for _, o := range objs {
			if articleOnly && !isArticleType(o["@type"]) {
				continue
			}
			f.headline = firstNonEmpty(f.headline, ldString(o["headline"]))
			f.published = firstNonEmpty(f.published, ldString(o["datePublished"]))
			f.author = firstNonEmpty(f.author, ldName(o["author"]))
			f.publisher = firstNonEmpty(f.publisher, ldName(o["publisher"]))
			f.description = firstNonEmpty(f.description, ldString(o["description"]))
			f.language = firstNonEmpty(f.language, ldString(o["inLanguage"]))
		}
	}
	return f
}

// appendObjects flattens arrays and @graph lists into a list of objects.
func appendObjects(objs []map[string]any, v any, depth int) []map[string]any {
	if depth > 4 {
		return objs
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			objs = appendObjects(objs, e, depth+1)
		}
	case map[string]any:
		objs = append(objs, v)
		if g, ok := v["@graph"]; ok {
			objs = appendObjects(objs, g, depth+1)
		}
	}
	return objs
}

// isArticleType reports whether a JSON-LD @type (a string or a list) names an article.
func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		return articleTypes[t]
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok && articleTypes[s] {
				return true
			}
		}
	}
	return false
}

// ldString returns a JSON-LD value that is a plain string.
func ldString(v any) string {
	s, _ := v.(string)
	return collapse(s)
}

// ldName returns a person's or organisation's name: a string, an object with
// a name, or the first such in a list.
func ldName(v any) string {
	switch v := v.(type) {
	case string:
		return notURL(collapse(v))
	case map[string]any:
		return ldString(v["name"])
	case []any:
		for _, e := range v {
			if n := ldName(e); n != "" {
				return n
			}
		}
	}
	return ""
}

// timeLayouts are the date formats pages use in metadata, most common first.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
}

// parseTime reads a metadata date. Dates without a zone are taken as UTC.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil && t.Year() > 1990 && t.Year() < 2200 {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// language returns the primary subtag of a language tag, lower case:
// "en-US" and "en_GB" both give "en".
func language(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	return strings.ToLower(tag)
}

// resolve makes ref absolute against base; it returns "" for anything that is
// not an http or https URL.
func resolve(base *url.URL, ref string) string {
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// notURL drops values that are links rather than names (article:author often
// holds a profile URL).
func notURL(s string) string {
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return ""
	}
	return s
}

// collapse trims s and folds runs of white space into one space. Most
// values need nothing done; those come back as they are, without the
// split and join.
func collapse(s string) string {
	if isCollapsed(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isCollapsed reports whether s is ASCII with single spaces between words
// and none at the ends, so that strings.Fields and strings.Join give it
// back unchanged. Non-ASCII values take the long way: Unicode has more
// white space.
func isCollapsed(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		case c == ' ' && s[i+1] == ' ':
			return false
		}
	}
	return true
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
