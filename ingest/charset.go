package ingest

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// xmlEncoding finds the encoding named in an XML declaration.
var xmlEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// feedUTF8 returns a feed body the XML parser can read. A body whose XML
// declaration names a non-UTF-8 encoding is left to the parser, which
// converts it. Otherwise the HTTP charset is applied, and a body that is not
// valid UTF-8 with no charset anywhere is read as Windows-1252, the usual
// truth behind such feeds.
func feedUTF8(body []byte, contentType string) []byte {
	head := body
	if len(head) > 512 {
		head = head[:512]
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if m := xmlEncoding.FindSubmatch(head); m != nil && !isUTF8Label(string(m[1])) {
		return body
	}
	label := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		label = params["charset"]
	}
	if label != "" && !isUTF8Label(label) {
		if enc, _ := charset.Lookup(label); enc != nil {
			if out, err := enc.NewDecoder().Bytes(body); err == nil {
				return out
			}
		}
	}
	if utf8.Valid(body) {
		return body
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(body)
	if err != nil {
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	return out
}

func isUTF8Label(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	return l == "utf-8" || l == "utf8" || l == "us-ascii" || l == "ascii"
}
