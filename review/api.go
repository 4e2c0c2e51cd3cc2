package review

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
)

// apiIncident is an incident as the API returns it: the stored record plus
// its effective values (edits over extracted) and, for one incident, its
// figures and audit log.
type apiIncident struct {
	heistwatch.Incident
	Effective heistwatch.Fields       `json:"effective"`
	Figures   []cluster.Figure        `json:"figures,omitempty"`
	Audit     []heistwatch.AuditEntry `json:"audit,omitempty"`
}

type apiList struct {
	Total     int           `json:"total"`
	Limit     int           `json:"limit"`
	Offset    int           `json:"offset"`
	Incidents []apiIncident `json:"incidents"`
}

func (s *server) apiList(w http.ResponseWriter, r *http.Request, p *principal) {
	qv := r.URL.Query()
	f, err := parseFilter(qv)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	limit, offset := 100, 0
	if v := qv.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 1000 {
			s.apiError(w, r, heistwatch.Errorf(heistwatch.CodeInvalid, "limit=%q: want 1 to 1000", v))
			return
		}
	}
	if v := qv.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			s.apiError(w, r, heistwatch.Errorf(heistwatch.CodeInvalid, "offset=%q: want a number from 0", v))
			return
		}
	}
	q := f.query(s.now()) // the API lists leased incidents too; writes still respect leases
	q.Limit, q.Offset = limit, offset
	list, total, err := s.st.Incidents(r.Context(), q)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := apiList{Total: total, Limit: limit, Offset: offset, Incidents: make([]apiIncident, 0, len(list))}
	for _, inc := range list {
		out.Incidents = append(out.Incidents, apiIncident{Incident: inc, Effective: inc.Effective()})
	}
	writeJSON(w, http.StatusOK, out)
}

// fullIncident is one incident with sources, figures and audit log.
func (s *server) fullIncident(r *http.Request, id int64) (apiIncident, error) {
	inc, err := s.st.Incident(r.Context(), id)
	if err != nil {
		return apiIncident{}, err
	}
	out := apiIncident{Incident: inc, Effective: inc.Effective()}
	var claims []heistwatch.Claim
	for _, src := range inc.Sources {
		claims = append(claims, src.Claims...)
	}
	out.Figures = cluster.Figures(claims)
	out.Audit, err = s.st.Audit(r.Context(), id, 200)
	return out, err
}

func (s *server) apiShow(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out, err := s.fullIncident(r, id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// actionBody is the JSON body of a change: the version it is based on, and
// for edit the new values (field → value; null clears a field), for split
// the document to move out.
type actionBody struct {
	Version    int64                      `json:"version"`
	Fields     map[string]json.RawMessage `json:"fields"`
	DocumentID int64                      `json:"document_id"`
}

func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return heistwatch.Errorf(heistwatch.CodeInvalid, "bad JSON body: %v", err)
	}
	return nil
}

// jsonFieldText turns an API value into the text ParseField reads: a string
// as is, a number in plain digits, null as "", {"value","unit"} as "V UNIT".
func jsonFieldText(name string, raw json.RawMessage) (string, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", heistwatch.Errorf(heistwatch.CodeInvalid, "field %s: %v", name, err)
	}
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case map[string]any:
		val, ok1 := x["value"].(json.Number)
		unit, ok2 := x["unit"].(string)
		if name == "amount_native" && ok1 && ok2 {
			return val.String() + " " + unit, nil
		}
	}
	return "", heistwatch.Errorf(heistwatch.CodeInvalid, "field %s: want a string, a number or null", name)
}

func (s *server) apiAction(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var body actionBody
	if err := decodeBody(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	if body.Version <= 0 {
		s.apiError(w, r, heistwatch.Errorf(heistwatch.CodeInvalid, `the body needs "version": the incident version the change is based on`))
		return
	}
	ctx := r.Context()
	var inc heistwatch.Incident
	switch action := r.PathValue("action"); action {
	case "approve":
		inc, err = s.decide(ctx, p, id, body.Version, heistwatch.StatusApproved)
	case "reject":
		inc, err = s.decide(ctx, p, id, body.Version, heistwatch.StatusRejected)
	case "edit":
		in := map[string]string{}
		for name, raw := range body.Fields {
			if in[name], err = jsonFieldText(name, raw); err != nil {
				s.apiError(w, r, err)
				return
			}
		}
		if len(in) == 0 {
			s.apiError(w, r, heistwatch.Errorf(heistwatch.CodeInvalid, `edit needs "fields"`))
			return
		}
		inc, err = s.edit(ctx, p, id, body.Version, in)
	case "undo":
		inc, err = s.undo(ctx, p, id, body.Version)
	case "split":
		inc, err = s.split(ctx, p, id, body.Version, body.DocumentID)
	default:
		err = heistwatch.Errorf(heistwatch.CodeNotFound, "no action %q (approve, reject, edit, undo, split)", action)
	}
	s.apiResult(w, r, id, inc, err)
}

// apiResult answers a change: the incident after it, or the error with the
// incident as it is now when the change was refused as stale.
func (s *server) apiResult(w http.ResponseWriter, r *http.Request, id int64, inc heistwatch.Incident, err error) {
	if err != nil {
		body := apiErr{Error: s.publicMessage(r, err), Code: string(heistwatch.ErrorCode(err))}
		if errors.Is(err, heistwatch.ErrConflict) {
			if cur, cerr := s.st.Incident(r.Context(), id); cerr == nil {
				body.Current = &cur
			}
		}
		writeJSON(w, httpStatus(err), body)
		return
	}
	out, err := s.fullIncident(r, inc.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// mergeBody names the incident kept (into) and the one folded into it
// (from), each with the version the caller saw.
type mergeBody struct {
	Into        int64 `json:"into"`
	IntoVersion int64 `json:"into_version"`
	From        int64 `json:"from"`
	FromVersion int64 `json:"from_version"`
}

func (s *server) apiMerge(w http.ResponseWriter, r *http.Request, p *principal) {
	var b mergeBody
	if err := decodeBody(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	if b.Into <= 0 || b.From <= 0 || b.IntoVersion <= 0 || b.FromVersion <= 0 {
		s.apiError(w, r, heistwatch.Errorf(heistwatch.CodeInvalid, `merge needs "into", "into_version", "from" and "from_version"`))
		return
	}
	inc, err := s.merge(r.Context(), p, b.Into, b.IntoVersion, b.From, b.FromVersion)
	s.apiResult(w, r, b.Into, inc, err)
}

func (s *server) apiAudit(w http.ResponseWriter, r *http.Request, p *principal) {
	qv := r.URL.Query()
	var id int64
	limit := 100
	var err error
	if v := qv.Get("incident"); v != "" {
		if id, err = strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
			s.apiError(w, r, heistwatch.Errorf(heistwatch.CodeInvalid, "incident=%q: want an incident id", v))
			return
		}
	}
	if v := qv.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 10000 {
			s.apiError(w, r, heistwatch.Errorf(heistwatch.CodeInvalid, "limit=%q: want 1 to 10000", v))
			return
		}
	}
	entries, err := s.auditEntries(r.Context(), id, strings.TrimSpace(qv.Get("actor")), limit)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if entries == nil {
		entries = []heistwatch.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, entries)
}

func (s *server) apiMe(w http.ResponseWriter, r *http.Request, p *principal) {
	writeJSON(w, http.StatusOK, struct {
		Name string          `json:"name"`
		Role heistwatch.Role `json:"role"`
		CSRF string          `json:"csrf,omitempty"`
	}{p.Name, p.Role, p.csrf()})
}
