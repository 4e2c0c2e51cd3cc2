package article

import (
	"fmt"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// trafilaturaOptions: no fallback extractors (they doubled the time and did not
// change the benchmark score), no date scan (metadata() reads dates), and
// comments left out of the text.
var trafilaturaOptions = trafilatura.Options{
	HtmlDateMode:    trafilatura.Disabled,
	ExcludeComments: true,
}

// mainText returns the page's main text with paragraphs separated by blank
// lines, or "" when there is none.
func mainText(doc *html.Node) (text string, err error) {
	return trafilaturaText(doc)
}

// trafilaturaText runs go-trafilatura and renders its content tree. A panic in
// the library becomes an error: one odd page must not stop the ingest.
func trafilaturaText(doc *html.Node) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("trafilatura panicked: %v", r)
		}
	}()
	res, err := trafilatura.ExtractDocument(doc, trafilaturaOptions)
	if err != nil || res == nil || res.ContentNode == nil {
		// The library reports "too little text" as an error; for us that is
		// a page without an article, not a failure.
		return "", nil
	}
	w := textWriter{softInline: true}
	return w.render(res.ContentNode), nil
}
