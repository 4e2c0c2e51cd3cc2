package opml

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestReadNested(t *testing.T) {
	f, err := os.Open("testdata/nested.opml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []Outline{
		{Title: "Café Sec", XMLURL: "https://sec.example/feed.xml", HTMLURL: "https://sec.example/"},
		{Title: "Deep", XMLURL: "https://deep.example/rss"},
		{Title: "Top", XMLURL: "https://top.example/atom.xml"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read = %+v\nwant %+v", got, want)
	}
}

func TestRoundTrip(t *testing.T) {
	in := []Outline{{Title: `A & "B" <C>`, XMLURL: "https://a.example/feed?x=1&y=2"}, {Title: "D", XMLURL: "https://d.example/rss", HTMLURL: "https://d.example/"}}
	var buf bytes.Buffer
	if err := Write(&buf, "heistwatch feeds", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), in); err != nil {
		t.Fatal(err)
	}
	out, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}
}

func TestReadBroken(t *testing.T) {
	if _, err := Read(strings.NewReader("<opml><body><outline")); err == nil {
		t.Error("Read of truncated OPML gave no error")
	}
}

// TestStarterFeeds reads the starter list shipped in deploy/, which the
// example config imports at start: a syntax error there breaks the daemon.
func TestStarterFeeds(t *testing.T) {
	f, err := os.Open("../deploy/feeds.opml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 10 {
		t.Errorf("starter list has %d feeds, want at least 10", len(got))
	}
	for _, o := range got {
		if !strings.HasPrefix(o.XMLURL, "https://") || o.Title == "" {
			t.Errorf("starter feed %+v: want an https URL and a title", o)
		}
	}
}
