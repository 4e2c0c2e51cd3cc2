package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/extract"
)

const extractUsage = `heistwatch extract [--json|--jsonl|--explain] [--rules FILE] [FILE...]

Runs the extractors over text or HTML files (or stdin) and prints the theft
claims found, human-readable by default. No store is needed.
  --json     one JSON object per file: {"id": FILE, "incidents": [...], "aggregates": [...]}
  --jsonl    read JSON lines {"id","text","title","published","url"} and write one
             line per input with "id", "incidents" and "aggregates" (DESIGN.md)
  --explain  also print the rules that fired, the evidence, and the near misses`

// jsonlInput is one line of `extract --jsonl` input.
type jsonlInput struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Title     string `json:"title"`
	Published string `json:"published"`
	URL       string `json:"url"`
}

// cmdExtract runs the extractors on files or stdin.
func cmdExtract(ctx context.Context, a *app, args []string) error {
	fs := a.flags("extract", extractUsage)
	asJSON := fs.Bool("json", false, "print one JSON object per file")
	asJSONL := fs.Bool("jsonl", false, "read and write JSON lines (the scoring contract)")
	explain := fs.Bool("explain", false, "print why claims fired and why near misses did not")
	rules := fs.String("rules", "", "extra rules `file` extending the embedded ones (default: config rules)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to `file` (for go tool pprof)")
	files, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	stop, err := startProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	n := 0
	for _, b := range []bool{*asJSON, *asJSONL, *explain} {
		if b {
			n++
		}
	}
	if n > 1 {
		return usagef("--json, --jsonl and --explain are exclusive")
	}
	rulesFile := *rules
	if rulesFile == "" && a.cfg != nil {
		rulesFile = a.cfg.Rules
	}
	x, err := extract.New(rulesFile)
	if err != nil {
		return heistwatch.Errorf(heistwatch.CodeInvalid, "load rules: %v", err)
	}
	out := bufio.NewWriterSize(a.stdout, 1<<16)
	defer out.Flush()
	if *asJSONL {
		return extractJSONL(ctx, a, x, files, out)
	}
	type doc struct {
		name string
		in   extract.Input
	}
	var docs []doc
	if len(files) == 0 {
		b, err := io.ReadAll(a.stdin)
		if err != nil {
			return fmt.Errorf("read stdin: %w", err)
		}
		docs = append(docs, doc{"-", inputOf(b, "")})
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return heistwatch.Errorf(heistwatch.CodeInvalid, "read %s: %v", f, err)
		}
		docs = append(docs, doc{f, inputOf(b, f)})
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		res := x.Extract(d.in)
		switch {
		case *asJSON:
			if err := enc.Encode(extract.NewRecord(d.name, res)); err != nil {
				return fmt.Errorf("write: %w", err)
			}
		default:
			printHuman(out, d.name, res, *explain)
		}
	}
	return nil
}

// extractJSONL reads JSON lines and writes one result line per input line. A
// bad line gets an error on stderr naming it and an empty result, never a stop.
func extractJSONL(ctx context.Context, a *app, x *extract.Extractor, files []string, out *bufio.Writer) error {
	var readers []io.Reader
	if len(files) == 0 {
		readers = append(readers, a.stdin)
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return heistwatch.Errorf(heistwatch.CodeInvalid, "open %s: %v", f, err)
		}
		defer fh.Close()
		readers = append(readers, fh)
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	// Extraction makes short-lived garbage only; collecting less often saves
	// a tenth of the time on a large batch at a few megabytes of memory.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	bad := 0
	var strBuf, lineBuf []byte
	for _, r := range readers {
		br := bufio.NewReaderSize(r, 1<<20)
		for line := 1; ; line++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			b, err := br.ReadBytes('\n')
			if len(bytes.TrimSpace(b)) > 0 {
				var in jsonlInput
				var jerr error
				if !in.decodePlain(b, &strBuf) {
					in = jsonlInput{}
					jerr = json.Unmarshal(b, &in)
				}
				if jerr != nil {
					bad++
					fmt.Fprintf(a.stderr, "heistwatch extract: line %d: not a JSON object: %v\n", line, jerr)
					in = jsonlInput{ID: idOf(b)}
					if werr := enc.Encode(extract.NewRecord(in.ID, extract.Result{})); werr != nil {
						return fmt.Errorf("write: %w", werr)
					}
				} else {
					res := x.Extract(extract.Input{Text: in.Text, Title: in.Title, URL: in.URL, Published: in.Published})
					rec := extract.NewRecord(in.ID, res)
					var werr error
					if line, ok := appendRecord(lineBuf[:0], rec); ok {
						lineBuf = line
						_, werr = out.Write(line)
					} else {
						werr = enc.Encode(rec)
					}
					if werr != nil {
						return fmt.Errorf("write: %w", werr)
					}
				}
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return fmt.Errorf("read input: %w", err)
			}
		}
	}
	if bad > 0 {
		fmt.Fprintf(a.stderr, "heistwatch extract: %d bad input line(s) answered with empty results\n", bad)
	}
	return nil
}

// decodePlain decodes the usual input line, a flat JSON object of string
// values, without encoding/json's reflection, which costs a tenth of a batch.
// It answers false, having decided nothing, on anything else (other value
// types, a key differing from a field only in case, a \u surrogate, invalid
// UTF-8 or JSON): the caller then uses json.Unmarshal, so results and errors
// are exactly json.Unmarshal's. buf is scratch space reused between lines.
func (in *jsonlInput) decodePlain(b []byte, buf *[]byte) bool {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return skipWS(b, i+1) == len(b)
	}
	for {
		key, j, ok := plainString(b, i, buf)
		if !ok {
			return false
		}
		var field *string
		switch k := string(key); k {
		case "id":
			field = &in.ID
		case "text":
			field = &in.Text
		case "title":
			field = &in.Title
		case "published":
			field = &in.Published
		case "url":
			field = &in.URL
		default:
			for _, f := range []string{"id", "text", "title", "published", "url"} {
				if strings.EqualFold(k, f) {
					return false // encoding/json matches keys case-insensitively
				}
			}
		}
		i = skipWS(b, j)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		val, j, ok := plainString(b, skipWS(b, i+1), buf)
		if !ok {
			return false
		}
		if field != nil {
			*field = string(val)
		}
		i = skipWS(b, j)
		if i >= len(b) {
			return false
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return skipWS(b, i+1) == len(b)
		default:
			return false
		}
	}
}

// skipWS returns the index of the first byte at or after i that is not JSON
// white space.
func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// plainString decodes the JSON string starting at b[i] into buf and returns
// its bytes (valid until the next call) and the index after it. It fails on
// what it leaves to encoding/json: \u surrogates, invalid UTF-8, control
// characters and bad escapes.
func plainString(b []byte, i int, buf *[]byte) ([]byte, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, i, false
	}
	i++
	out := (*buf)[:0]
	defer func() { *buf = out[:0] }()
	for i < len(b) {
		// copy a run of plain ASCII at once: most of an article is one
		j := i
		for j < len(b) && b[j] >= 0x20 && b[j] < utf8.RuneSelf && b[j] != '"' && b[j] != '\\' {
			j++
		}
		out = append(out, b[i:j]...)
		if i = j; i >= len(b) {
			break
		}
		c := b[i]
		switch {
		case c == '"':
			return out, i + 1, true
		case c < 0x20:
			return nil, i, false
		case c == '\\':
			if i+1 >= len(b) {
				return nil, i, false
			}
			switch e := b[i+1]; e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				if i+6 > len(b) {
					return nil, i, false
				}
				var r rune
				for _, h := range b[i+2 : i+6] {
					switch {
					case h >= '0' && h <= '9':
						r = r<<4 | rune(h-'0')
					case h >= 'a' && h <= 'f':
						r = r<<4 | rune(h-'a'+10)
					case h >= 'A' && h <= 'F':
						r = r<<4 | rune(h-'A'+10)
					default:
						return nil, i, false
					}
				}
				if utf16.IsSurrogate(r) {
					return nil, i, false
				}
				out = utf8.AppendRune(out, r)
				i += 4
			default:
				return nil, i, false
			}
			i += 2
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, w := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && w == 1 {
				return nil, i, false
			}
			out = append(out, b[i:i+w]...)
			i += w
		}
	}
	return nil, i, false
}

// idOf salvages the "id" of a line that is not valid JSON, if it has one,
// so the answer line can still be matched to its input.
func idOf(b []byte) string {
	k := bytes.Index(b, []byte(`"id"`))
	if k < 0 {
		return ""
	}
	rest := bytes.TrimLeft(b[k+4:], " \t")
	if len(rest) == 0 || rest[0] != ':' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t")
	var s string
	if dec := json.NewDecoder(bytes.NewReader(rest)); dec.Decode(&s) == nil {
		return s
	}
	return ""
}

// inputOf turns a file's bytes into extractor input, taking the visible text
// of HTML.
func inputOf(b []byte, name string) extract.Input {
	ext := strings.ToLower(filepath.Ext(name))
	head := strings.ToLower(string(bytes.TrimSpace(b[:min(len(b), 512)])))
	if ext == ".html" || ext == ".htm" || strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		(strings.HasPrefix(head, "<") && strings.Contains(head, "<p")) {
		text, title, published := htmlText(b)
		return extract.Input{Text: text, Title: title, Published: published}
	}
	return extract.Input{Text: string(b)}
}

// htmlText returns the visible text of an HTML page with a blank line between
// blocks, its title and its published date when a meta tag gives one.
func htmlText(b []byte) (text, title, published string) {
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return string(b), "", ""
	}
	var sb strings.Builder
	block := func() {
		s := sb.String()
		if s != "" && !strings.HasSuffix(s, "\n\n") {
			if strings.HasSuffix(s, "\n") {
				sb.WriteString("\n")
			} else {
				sb.WriteString("\n\n")
			}
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "template", "svg", "iframe", "nav", "footer":
				return
			case "title":
				if n.FirstChild != nil && title == "" {
					title = strings.TrimSpace(n.FirstChild.Data)
				}
				return
			case "meta":
				var prop, content string
				for _, at := range n.Attr {
					switch at.Key {
					case "property", "name", "itemprop":
						prop = at.Val
					case "content":
						content = at.Val
					}
				}
				if published == "" && (prop == "article:published_time" || prop == "datePublished" || prop == "pubdate") && len(content) >= 10 {
					published = content[:10]
				}
				return
			case "br":
				sb.WriteString("\n")
				return
			case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
				"blockquote", "pre", "tr", "table", "header", "figure", "figcaption", "dd", "dt":
				block()
				defer block()
			}
		}
		if n.Type == html.TextNode {
			t := strings.Join(strings.Fields(n.Data), " ")
			if t != "" {
				s := sb.String()
				if s != "" && !strings.HasSuffix(s, "\n") && !strings.HasSuffix(s, " ") &&
					(n.Data[0] == ' ' || n.Data[0] == '\n' || n.Data[0] == '\t') {
					sb.WriteString(" ")
				}
				sb.WriteString(t)
				if last := n.Data[len(n.Data)-1]; last == ' ' || last == '\n' || last == '\t' {
					sb.WriteString(" ")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	lines := strings.Split(sb.String(), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.TrimSpace(strings.Join(lines, "\n")), title, published
}

// printHuman writes the claims of one document for a reader.
func printHuman(w io.Writer, name string, res extract.Result, explain bool) {
	fmt.Fprintf(w, "%s: %d incident(s), %d aggregate(s)\n", name, len(res.Incidents), len(res.Aggregates))
	for _, c := range res.Incidents {
		fmt.Fprintf(w, "  incident  %s", c.Victim)
		if c.AmountUSD != nil {
			fmt.Fprintf(w, "  %s", usd(*c.AmountUSD, c.AmountQualifier, c.AmountUSDMax))
		}
		if c.AmountNative != nil {
			fmt.Fprintf(w, "  %s %s", trimFloat(c.AmountNative.Value), c.AmountNative.Unit)
		}
		fmt.Fprintln(w)
		if c.Actor != "" || c.ActorFamily != "" {
			fam := c.ActorFamily
			if fam == "" {
				fam = "no state"
			}
			fmt.Fprintf(w, "            actor %s (%s, %s", c.Actor, fam, c.Attribution)
			if c.AttributedBy != "" {
				fmt.Fprintf(w, ", by %s", c.AttributedBy)
			}
			fmt.Fprintln(w, ")")
		}
		if c.Date != "" || c.Technique != "" {
			fmt.Fprintf(w, "            date %s  technique %s\n", dashIfEmpty(c.Date), dashIfEmpty(c.Technique))
		}
		fmt.Fprintf(w, "            confidence %.2f\n", c.Confidence)
		if explain {
			printExplain(w, c)
		}
	}
	for _, c := range res.Aggregates {
		fam := c.ActorFamily
		if fam == "" {
			fam = "all thieves"
		}
		fmt.Fprintf(w, "  aggregate %s  %s  period %s\n", fam, usd(*c.AmountUSD, c.AmountQualifier, c.AmountUSDMax), dashIfEmpty(c.Period))
		if explain {
			printExplain(w, c)
		}
	}
	if explain && len(res.NearMisses) > 0 {
		fmt.Fprintln(w, "  near misses:")
		for _, m := range res.NearMisses {
			fmt.Fprintf(w, "    %s %q: %s\n", m.What, m.Text, m.Reason)
		}
	}
}

func printExplain(w io.Writer, c heistwatch.Claim) {
	fmt.Fprintf(w, "            rules: %s\n", strings.Join(c.Rules, ", "))
	for _, e := range c.Evidence {
		fmt.Fprintf(w, "            [%d:%d] %s\n", e.Start, e.End, e.Text)
	}
}

func usd(v int64, qual string, max *int64) string {
	s := "$" + humanAmount(float64(v))
	if max != nil {
		s += " to $" + humanAmount(float64(*max))
	} else if qual != "" {
		s = qual + " " + s
	}
	return s
}

func humanAmount(v float64) string {
	switch {
	case v >= 1e9:
		return trimFloat(v/1e9) + " billion"
	case v >= 1e6:
		return trimFloat(v/1e6) + " million"
	}
	return trimFloat(v)
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.3f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
