package article

import (
	"fmt"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// trafilaturaOptions: no fallback extractors (they doubled the time and did not
// change the benchmark score) and no date scan (metadata() reads dates).
// Comments stay "included": the library then cuts them out of the body into a
// separate result, which is dropped; "excluded" would leave them in the body.
func trafilaturaOptions() trafilatura.Options {
	return trafilatura.Options{HtmlDateMode: trafilatura.Disabled}
}

// mainText returns the page's main text with paragraphs separated by blank
// lines, or "" when there is none.
func mainText(doc *html.Node) (text string, err error) {
	text, _, err = mainTextPath(doc)
	return text, err
}

// Extraction paths, reported by mainTextPath for the benchmark's breakdown.
const (
	pathFast        = "fast"
	pathTrafilatura = "trafilatura"
)

// mainTextPath is mainText that also says which extractor produced the text.
func mainTextPath(doc *html.Node) (text, path string, err error) {
	if text, ok := fastText(doc); ok {
		return text, pathFast, nil
	}
	pruneChrome(doc)
	text, err = trafilaturaText(doc)
	return text, pathTrafilatura, err
}

// trafilaturaText runs go-trafilatura and renders its content tree. A panic in
// the library becomes an error: one odd page must not stop the ingest.
func trafilaturaText(doc *html.Node) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w: go-trafilatura panicked on it: %v", ErrNotHTML, r)
		}
	}()
	res, err := trafilatura.ExtractDocument(doc, trafilaturaOptions())
	if err != nil || res == nil || res.ContentNode == nil {
		// The library reports "too little text" as an error; for us that is
		// a page without an article, not a failure.
		return "", nil
	}
	w := textWriter{softInline: true}
	return w.render(res.ContentNode), nil
}
