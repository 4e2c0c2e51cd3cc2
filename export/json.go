package export

import (
	"bufio"
	"bytes"
	"encoding/json"

	"github.com/heistwatch/heistwatch"
)

// recordEncoder turns records into compact JSON without escaping <, > and &
// (evidence quotes HTML-looking text), reusing one buffer.
type recordEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// encode returns the record's JSON, ending in a newline. The bytes are only
// valid until the next call.
func (e *recordEncoder) encode(inc *heistwatch.Incident) ([]byte, error) {
	if e.enc == nil {
		e.enc = json.NewEncoder(&e.buf)
		e.enc.SetEscapeHTML(false)
	}
	e.buf.Reset()
	if err := e.enc.Encode(NewRecord(inc)); err != nil {
		return nil, err
	}
	return e.buf.Bytes(), nil
}

// jsonWriter writes one JSON array, one record per line.
type jsonWriter struct {
	w   *bufio.Writer
	e   recordEncoder
	any bool
}

func (j *jsonWriter) begin() error { _, err := j.w.WriteString("["); return err }

func (j *jsonWriter) incident(inc *heistwatch.Incident) error {
	b, err := j.e.encode(inc)
	if err != nil {
		return err
	}
	sep := ",\n"
	if !j.any {
		sep = "\n"
	}
	j.any = true
	j.w.WriteString(sep)
	_, err = j.w.Write(b[:len(b)-1])
	return err
}

// withdrawn writes the record as it is: its status says it is withdrawn.
func (j *jsonWriter) withdrawn(inc *heistwatch.Incident) error { return j.incident(inc) }

func (j *jsonWriter) end() error {
	if j.any {
		j.w.WriteString("\n")
	}
	_, err := j.w.WriteString("]\n")
	return err
}

// ndjsonWriter writes one record per line and nothing else.
type ndjsonWriter struct {
	w *bufio.Writer
	e recordEncoder
}

func (n *ndjsonWriter) begin() error { return nil }

func (n *ndjsonWriter) incident(inc *heistwatch.Incident) error {
	b, err := n.e.encode(inc)
	if err != nil {
		return err
	}
	_, err = n.w.Write(b)
	return err
}

// withdrawn writes the record as it is: its status says it is withdrawn.
func (n *ndjsonWriter) withdrawn(inc *heistwatch.Incident) error { return n.incident(inc) }

func (n *ndjsonWriter) end() error { return nil }
