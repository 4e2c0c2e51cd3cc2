package article

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// sniffLen is how much of the body is inspected to decide whether it is HTML.
const sniffLen = 4096

// htmlMarkers are tags of which at least one appears near the start of any
// HTML page or fragment worth extracting.
var htmlMarkers = []string{
	"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<article",
	"<div", "<p>", "<p ", "<main", "<section", "<header", "<h1",
}

// checkHTML refuses bodies that are not HTML, whatever the server claimed:
// servers label JSON, PDFs and plain text as text/html often enough.
func checkHTML(body []byte, contentType string) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return fmt.Errorf("%w: empty body", ErrNotHTML)
	}
	if contentType != "" {
		mt, _, err := mime.ParseMediaType(contentType)
		if err == nil && !htmlMediaType(mt) && !genericMediaType(mt) {
			return fmt.Errorf("%w: content type %s", ErrNotHTML, mt)
		}
	}
	head := body[:min(len(body), sniffLen)]
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	start := bytes.TrimLeft(head, " \t\r\n\f")
	switch {
	case bytes.HasPrefix(start, []byte("%PDF-")):
		return fmt.Errorf("%w: body is a PDF document", ErrNotHTML)
	case len(start) > 0 && (start[0] == '{' || start[0] == '['):
		return fmt.Errorf("%w: body looks like JSON", ErrNotHTML)
	}
	if bytes.HasPrefix(start, []byte("<?xml")) && !hasTag(head, "<html") {
		return fmt.Errorf("%w: body is an XML document", ErrNotHTML)
	}
	if sniffed := http.DetectContentType(head); !strings.HasPrefix(sniffed, "text/") {
		return fmt.Errorf("%w: body is binary (%s)", ErrNotHTML, sniffed)
	}
	if !hasTag(head, htmlMarkers...) {
		return fmt.Errorf("%w: no HTML markup in the first %d bytes", ErrNotHTML, len(head))
	}
	return nil
}

// hasTag reports whether any of the markers (lower case) starts at one of
// the '<' in b, compared without case.
func hasTag(b []byte, markers ...string) bool {
	for i := bytes.IndexByte(b, '<'); i >= 0; {
		for _, m := range markers {
			if len(b)-i >= len(m) && bytes.EqualFold(b[i:i+len(m)], []byte(m)) {
				return true
			}
		}
		next := bytes.IndexByte(b[i+1:], '<')
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

// htmlMediaType reports the media types that are HTML.
func htmlMediaType(mt string) bool {
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// genericMediaType reports media types that say nothing reliable about the
// body, so the body itself decides.
func genericMediaType(mt string) bool {
	return mt == "text/plain" || mt == "application/octet-stream" || mt == "binary/octet-stream" ||
		!strings.Contains(mt, "/") // not a media type at all
}

// decodeHTML converts body to UTF-8 using, in order, a byte-order mark, the
// Content-Type charset and the page's own meta tags, and then parses it.
// A page that is valid UTF-8 but undeclared or declared Latin-1/Windows-1252
// is read as UTF-8: undeclared, the HTML standard would guess Windows-1252,
// and "charset=ISO-8859-1" is a common server default for UTF-8 pages, while
// real Latin-1 text with accents is almost never valid UTF-8.
func decodeHTML(body []byte, contentType string) (*html.Node, error) {
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	if name == "windows-1252" && utf8.Valid(body) {
		name = "utf-8"
	}
	text := body
	if name == "utf-8" {
		text = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	} else {
		decoded, err := enc.NewDecoder().Bytes(body)
		if err != nil {
			return nil, fmt.Errorf("%w: cannot decode %s: %w", ErrNotHTML, name, err)
		}
		text = decoded
	}
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("%w: cannot parse: %w", ErrNotHTML, err)
	}
	return doc, nil
}
