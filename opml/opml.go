// Package opml reads and writes OPML subscription lists, the format feed
// readers use to move subscriptions between tools.
package opml

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Outline is one subscription.
type Outline struct {
	Title   string // the outline's title or text
	XMLURL  string // the feed's URL
	HTMLURL string // the site's URL, when given
}

type document struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title       string `xml:"title"`
		DateCreated string `xml:"dateCreated,omitempty"`
	} `xml:"head"`
	Body struct {
		Outlines []outline `xml:"outline"`
	} `xml:"body"`
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr,omitempty"`
	Type     string    `xml:"type,attr,omitempty"`
	XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
	Outlines []outline `xml:"outline"`
}

// Read returns every feed outline in r, flattening folders. Outlines
// without an xmlUrl (folders, links) are skipped.
func Read(r io.Reader) ([]Outline, error) {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = charset.NewReaderLabel
	var doc document
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("read OPML: %w", err)
	}
	var out []Outline
	var walk func([]outline)
	walk = func(os []outline) {
		for _, o := range os {
			if u := strings.TrimSpace(o.XMLURL); u != "" {
				title := o.Title
				if title == "" {
					title = o.Text
				}
				out = append(out, Outline{Title: strings.TrimSpace(title), XMLURL: u, HTMLURL: strings.TrimSpace(o.HTMLURL)})
			}
			walk(o.Outlines)
		}
	}
	walk(doc.Body.Outlines)
	return out, nil
}

// Write writes an OPML 2.0 document listing the outlines.
func Write(w io.Writer, title string, created time.Time, outlines []Outline) error {
	var doc document
	doc.Version = "2.0"
	doc.Head.Title = title
	if !created.IsZero() {
		doc.Head.DateCreated = created.UTC().Format(time.RFC1123Z)
	}
	for _, o := range outlines {
		doc.Body.Outlines = append(doc.Body.Outlines, outline{Text: o.Title, Title: o.Title, Type: "rss", XMLURL: o.XMLURL, HTMLURL: o.HTMLURL})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}
