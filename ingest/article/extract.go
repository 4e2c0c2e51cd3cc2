package article

import (
	"fmt"

	readability "codeberg.org/readeck/go-readability"
	"golang.org/x/net/html"
)

// mainText returns the page's main text with paragraphs separated by blank
// lines, or "" when there is none.
func mainText(doc *html.Node) (text string, err error) {
	text, _, err = mainTextPath(doc)
	return text, err
}

// Extraction paths, reported by mainTextPath for the benchmark's breakdown.
const (
	pathFast        = "fast"
	pathReadability = "readability"
)

// mainTextPath is mainText that also says which extractor produced the text.
func mainTextPath(doc *html.Node) (text, path string, err error) {
	if text, ok := fastText(doc); ok {
		return text, pathFast, nil
	}
	pruneChrome(doc)
	text, err = readabilityText(doc)
	return text, pathReadability, err
}

// readabilityText runs readeck/go-readability on the parsed page and renders
// its content tree with our own renderer (paragraphs stay apart). We use it
// rather than go-trafilatura because that library's date parser costs every
// heistwatch process 0.2–0.4 CPU-s at start-up, before any page is read;
// metadata() reads the page's own dates. A panic in the library becomes an
// error: one odd page must not stop the ingest.
func readabilityText(doc *html.Node) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w: go-readability panicked on it: %v", ErrNotHTML, r)
		}
	}()
	// The page URL only resolves relative links, which the text never shows.
	res, err := readability.FromDocument(doc, nil)
	if err != nil || res.Node == nil {
		// "No article found" is a page without an article, not a failure.
		return "", nil
	}
	w := textWriter{softInline: true}
	return w.render(res.Node), nil
}
