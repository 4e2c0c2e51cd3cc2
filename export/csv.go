package export

import (
	"bufio"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/heistwatch/heistwatch"
)

// CSVColumns is the CSV header, in order. It is a stable contract: columns
// are only ever appended.
var CSVColumns = []string{
	"id", "victim", "date", "amount_usd", "amount_usd_max", "amount_qualifier",
	"amount_native_value", "amount_native_unit", "actor", "actor_family",
	"attribution", "attributed_by", "technique", "confidence", "status",
	"reviewed_by", "reviewed_at", "created_at", "updated_at",
	"source_count", "source_urls", "source_titles", "evidence",
}

// listSep joins the values of a multi-valued cell.
const listSep = " | "

// csvWriter writes RFC 4180 CSV: a header, then one row per incident, CRLF
// line ends, fields quoted when they hold a comma, quote or line break.
type csvWriter struct {
	w   *bufio.Writer
	c   *csv.Writer
	bom bool
	row []string
}

func newCSVWriter(w *bufio.Writer, bom bool) *csvWriter {
	c := csv.NewWriter(w)
	c.UseCRLF = true
	return &csvWriter{w: w, c: c, bom: bom, row: make([]string, len(CSVColumns))}
}

func (c *csvWriter) begin() error {
	if c.bom {
		c.w.WriteString("\uFEFF")
	}
	return c.c.Write(CSVColumns)
}

// withdrawn writes the row as it is: its status says it is withdrawn.
func (c *csvWriter) withdrawn(inc *heistwatch.Incident) error { return c.incident(inc) }

func (c *csvWriter) incident(inc *heistwatch.Incident) error {
	f := inc.Effective()
	r := c.row[:0]
	r = append(r,
		strconv.FormatInt(inc.ID, 10),
		cell(f.Victim),
		cell(f.Date),
		optInt(f.AmountUSD),
		optInt(f.AmountUSDMax),
		cell(f.AmountQualifier),
	)
	if f.AmountNative != nil {
		r = append(r, strconv.FormatFloat(f.AmountNative.Value, 'f', -1, 64), cell(f.AmountNative.Unit))
	} else {
		r = append(r, "", "")
	}
	r = append(r,
		cell(f.Actor),
		cell(f.ActorFamily),
		cell(f.Attribution),
		cell(f.AttributedBy),
		cell(f.Technique),
		strconv.FormatFloat(inc.Confidence, 'f', -1, 64),
		cell(string(inc.Status)),
		cell(inc.ReviewedBy),
		optTime(inc),
		timestamp(inc.CreatedAt),
		timestamp(inc.UpdatedAt),
		strconv.Itoa(len(inc.Sources)),
	)
	var urls, titles, evidence []string
	for _, s := range inc.Sources {
		urls = append(urls, s.URL)
		titles = append(titles, s.Title)
		for _, e := range s.Evidence {
			evidence = append(evidence, e.Text)
		}
	}
	r = append(r, cell(strings.Join(urls, listSep)), cell(strings.Join(titles, listSep)), cell(strings.Join(evidence, listSep)))
	c.row = r
	return c.c.Write(r)
}

func (c *csvWriter) end() error {
	c.c.Flush()
	return c.c.Error()
}

// cell makes a text value safe to open in a spreadsheet (OWASP CSV
// injection): a value starting with a character that makes Excel, LibreOffice
// or Google Sheets read it as a formula (=, +, -, @, tab, CR, LF) gets a
// leading apostrophe, which those programs show as text; NUL bytes are dropped.
func cell(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	if s != "" && strings.ContainsRune("=+-@\t\r\n", rune(s[0])) {
		return "'" + s
	}
	return s
}

func optInt(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}

func optTime(inc *heistwatch.Incident) string {
	if inc.ReviewedAt.IsZero() {
		return ""
	}
	return timestamp(inc.ReviewedAt)
}
