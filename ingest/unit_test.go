package ingest

import (
	"net/netip"
	"testing"
	"time"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Example.COM/a/story.html?utm_source=x&utm_medium=y", "https://example.com/a/story.html"},
		{"https://example.com/a?id=7&fbclid=abc&gclid=1&mc_cid=2&mc_eid=3", "https://example.com/a?id=7"},
		{"http://example.com:80/a#comments", "http://example.com/a"},
		{"https://example.com:443", "https://example.com/"},
		{"https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"},
		{"https://example.com/a?UTM_Campaign=z&ref=home", "https://example.com/a?ref=home"},
		{"  https://example.com/a?  ", "https://example.com/a"},
		{"mailto:someone@example.com", "mailto:someone@example.com"},
		{"/relative/path", "/relative/path"},
	}
	for _, tc := range tests {
		if got := CanonicalURL(tc.in); got != tc.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestInternalAddr(t *testing.T) {
	tests := []struct {
		ip       string
		internal bool
	}{
		{"127.0.0.1", true}, {"::1", true}, {"10.1.2.3", true}, {"172.16.0.1", true}, {"192.168.1.1", true},
		{"169.254.169.254", true}, {"fe80::1", true}, {"fc00::1", true}, {"0.0.0.0", true}, {"100.64.0.1", true},
		{"::ffff:127.0.0.1", true}, {"::ffff:10.0.0.1", true},
		{"93.184.216.34", false}, {"2606:4700::1111", false}, {"8.8.8.8", false},
	}
	for _, tc := range tests {
		if got := internalAddr(netip.MustParseAddr(tc.ip)); got != tc.internal {
			t.Errorf("internalAddr(%s) = %v, want %v", tc.ip, got, tc.internal)
		}
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2024, 6, 4, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"120", 2 * time.Minute},
		{"Tue, 04 Jun 2024 10:00:00 GMT", time.Hour},
		{"Tue, 04 Jun 2024 08:00:00 GMT", 0}, // in the past
		{"", 0}, {"soon", 0}, {"-5", 0},
	}
	for _, tc := range tests {
		if got := retryAfter(tc.in, now); got != tc.want {
			t.Errorf("retryAfter(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>First <b>bold</b> line.</p><p>Second&nbsp;line.</p>", "First bold line.\n\nSecond line."},
		{"plain text only", "plain text only"},
		{"<div>a<br>b</div><script>alert(1)</script>", "a\n\nb"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := htmlText(tc.in); got != tc.want {
			t.Errorf("htmlText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDocumentURL(t *testing.T) {
	tests := []struct{ link, final, canonical, want string }{
		{"https://a.com/x", "https://a.com/x", "https://a.com/x", "https://a.com/x"},
		{"https://a.com/x", "https://a.com/y?utm_source=z", "", "https://a.com/y"},
		{"https://a.com/x", "https://a.com/x", "https://www.a.com/story/x", "https://www.a.com/story/x"},
		{"https://a.com/x", "https://a.com/x", "https://b.com/x", "https://a.com/x"}, // another site
		{"https://a.com/x", "https://a.com/x", "https://a.com/", "https://a.com/x"},  // the front page
	}
	for _, tc := range tests {
		if got := documentURL(tc.link, tc.final, tc.canonical); got != tc.want {
			t.Errorf("documentURL(%q, %q, %q) = %q, want %q", tc.link, tc.final, tc.canonical, got, tc.want)
		}
	}
}
