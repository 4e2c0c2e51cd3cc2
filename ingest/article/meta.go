package article

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// maxAuthorLen bounds an author name; longer values are biographies or boxes.
const maxAuthorLen = 120

// metadata reads the page's own description of itself: Open Graph and other
// meta tags, JSON-LD and a few conventional elements. Each field takes the
// first source that has a value, most explicit first.
func metadata(doc *html.Node, base *url.URL) Article {
	q := goquery.NewDocumentFromNode(doc)
	m := readMetas(q)
	ld := readJSONLD(q)
	var a Article

	a.SiteName = firstNonEmpty(m.get("og:site_name"), ld.publisher, m.get("application-name"))
	a.Title = firstOf(
		func() string { return m.get("og:title", "twitter:title") },
		func() string { return ld.headline },
		func() string { return cleanTitle(q.Find("title").First().Text(), a.SiteName) },
		func() string { return collapse(q.Find("h1").First().Text()) },
	)
	a.Canonical = firstOf(
		func() string { return resolve(base, attr(q, "link[rel~=canonical]", "href")) },
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
		func() string {
			return collapse(q.Find(`[rel~=author], [itemprop=author] [itemprop=name], [itemprop=author]`).First().Text())
		},
		func() string { return bylineName(q.Find(`[class~=byline], [class~=author]`).First().Text()) },
	)
	if len(a.Author) > maxAuthorLen { // a whole author box, not a name
		a.Author = ""
	}
	a.Description = firstNonEmpty(m.get("og:description", "description", "twitter:description"), ld.description)
	a.Language = language(firstOf(
		func() string { return attr(q, "html", "lang") },
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
		func() string { return attr(q, `[itemprop=datePublished]`, "datetime") },
		func() string { return attr(q, `[itemprop=datePublished]`, "content") },
		func() string { return attr(q, "time[pubdate]", "datetime") },
		func() string { return attr(q, "article time[datetime]", "datetime") },
		func() string {
			// A lone <time> is the story's; with several, the others may
			// date sidebar stories or today's date in the header.
			if times := q.Find("time[datetime]"); times.Length() == 1 {
				return strings.TrimSpace(times.AttrOr("datetime", ""))
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
func readMetas(q *goquery.Document) metas {
	m := metas{}
	q.Find("meta").Each(func(_ int, s *goquery.Selection) {
		c := collapse(s.AttrOr("content", ""))
		if c == "" {
			return
		}
		for _, at := range []string{"property", "name", "itemprop", "http-equiv"} {
			if k, ok := s.Attr(at); ok {
				k = strings.ToLower(strings.TrimSpace(k))
				if _, seen := m[k]; !seen {
					m[k] = c
				}
			}
		}
	})
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

// attr returns the trimmed attribute of the first element matching sel that has it.
func attr(q *goquery.Document, sel, name string) string {
	var v string
	q.Find(sel).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		v = strings.TrimSpace(s.AttrOr(name, ""))
		return v == ""
	})
	return v
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
func readJSONLD(q *goquery.Document) ldFacts {
	var objs []map[string]any
	q.Find(`script[type="application/ld+json" i]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) == nil {
			objs = appendObjects(objs, v, 0)
		}
	})
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

// collapse trims s and folds runs of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
