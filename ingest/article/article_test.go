package article

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// paragraphs splits text the way the claim extractors will: on blank lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// farmChrome is every piece of chrome on the farm-like pages; none may reach the text.
var farmChrome = []string{
	"Home", "Markets", "Sign in", "BTC $67,120", "ETH $3,410", "By Staff Reporter",
	"Share this article", "Telegram", "Copy link", "Stay in the loop", "mailing list", "Subscribe",
	"Latest stories", "Bitcoin ETF inflows", "Series C", "Regulator fines", "All rights reserved",
	"investment advice", "Bridge operator loses", // the headline is Title, not text
}

// TestParseChromeHeavy checks that the story comes out whole, paragraph by
// paragraph, and that none of the page chrome does, on both extraction paths.
func TestParseChromeHeavy(t *testing.T) {
	farmStory := paragraphs(string(readFixture(t, "farm-story.txt")))
	tests := []struct {
		file     string
		path     string // extraction path expected to handle the page
		story    []string
		chrome   []string
		siteName string
	}{
		{"farm-chain-ledger.html", pathFast, farmStory, farmChrome, "Chain Ledger News"},
		{"farm-block-wire.html", pathFast, farmStory, farmChrome, "The Block Wire"},
		{"farm-coin-desk.html", pathFast, farmStory, farmChrome, "Coin Desk Daily"},
		// The same chrome without <article> or <main>: the general path.
		{"farm-no-article.html", pathReadability, farmStory, farmChrome, "The Block Wire"},
		{"chrome-divs.html", pathReadability, []string{
			"Police in the Netherlands, Germany and Portugal have seized servers belonging to a service that investigators say laundered at least $90 million taken in exchange hacks since 2022.",
			"The operation, announced on Tuesday, targeted a so-called swap service that let users trade coins without identity checks. Officers arrested two men in Porto and searched an office in Rotterdam.",
			"Prosecutors said a large share of the money came from the theft of about $35 million from a Singapore exchange last year, which analysts have linked to a group that also targeted two gaming platforms.",
			"“These services sell anonymity to whoever pays,” a spokesperson for the Dutch prosecution service said. “Taking the infrastructure away makes every stolen coin harder to spend.”",
			"The suspects face charges of money laundering and operating an unlicensed money transmitting business. Their lawyers could not be reached for comment.",
			"Investigators said they had copied the service's databases and expected to identify more of its customers in the coming months.",
		}, []string{
			"cookies", "Podcasts", "BTC 61,204", "By Mira Castell", "Share on X", "Email this story",
			"weekly security briefing", "Never miss a story", "morning newsletter",
			"Read more", "flash-loan", "$12 million", "forged withdrawal proofs", "Wallet drainer kit",
			"insolvency", "comments", "Great reporting", "mark my words", "Most read", "oracle exploit",
			"eight years", "Advertisement", "All rights reserved", "Privacy policy",
		}, "The Ledger Post"},
		// The story's wrapper has a chrome-like class: the fast path must not
		// throw it away (it hands the page on), and pruning must keep it.
		{"wrapper-chrome-class.html", pathReadability, []string{
			"The operator of a small mining pool has admitted in court that a reported theft of 700 bitcoin from the pool's wallet in 2021 never happened, and that he moved the coins himself.",
			"Prosecutors said the operator told members that an intruder had stolen the pool's reserves, then sold part of the coins through accounts opened under his relatives' names over the following year.",
			"The scheme unravelled when a member traced the \"stolen\" coins to an exchange account and noticed that the withdrawals matched the operator's travel dates, according to the indictment.",
			"Sentencing is set for September. The operator agreed to forfeit the coins that remain, worth about $40 million at current prices, and to repay members from the proceeds.",
		}, []string{"Home", "Mining pool operator admits", "Lena Fischer", "Related", "1,200 bitcoin", "$8 million", "Hash Report ©"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := readFixture(t, tt.file)
			a, err := Parse(body, "text/html; charset=utf-8", "https://example.test/a/1")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := paragraphs(a.Text); !equalStrings(got, tt.story) {
				t.Errorf("paragraphs differ:\n got %d: %q\nwant %d: %q", len(got), got, len(tt.story), tt.story)
			}
			if strings.Contains(a.Text, "\n\n\n") || a.Text != strings.TrimSpace(a.Text) {
				t.Errorf("text is not blank-line separated paragraphs: %q", a.Text)
			}
			for _, c := range tt.chrome {
				if strings.Contains(a.Text, c) {
					t.Errorf("text contains chrome %q", c)
				}
			}
			if a.SiteName != tt.siteName {
				t.Errorf("SiteName = %q, want %q", a.SiteName, tt.siteName)
			}
			doc, err := decodeHTML(body, "")
			if err != nil {
				t.Fatal(err)
			}
			if _, path, _ := mainTextPath(doc); path != tt.path {
				t.Errorf("extraction path = %s, want %s", path, tt.path)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestParseCharsets checks pages in other encodings, declared in the header,
// in a meta tag, or not at all.
func TestParseCharsets(t *testing.T) {
	tests := []struct {
		file, contentType string
		title             string
		wantInText        []string
	}{
		{"latin1-header.html", "text/html; charset=ISO-8859-1", "Café owner's wallet emptied",
			[]string{"A café owner in Genève lost 14 bitcoin", "850 000 francs", "« No real update ever needs it »"}},
		{"latin1-header.html", "text/html; charset=latin1", "Café owner's wallet emptied",
			[]string{"A café owner in Genève"}},
		{"cp1252-meta.html", "text/html", "Exchange says €3.2 million taken in “hot wallet” breach",
			[]string{"took €3.2 million from its “hot wallet” – the small share", "The company’s chief executive", "suspects… The exchange"}},
		{"cp1252-meta.html", "", "Exchange says €3.2 million taken in “hot wallet” breach",
			[]string{"“fully covered”"}},
		{"utf8-undeclared.html", "text/html; charset=ISO-8859-1", "Zürich trader loses savings to “pig butchering” scam",
			[]string{"A trader in Zürich lost 310,000 francs"}},
		{"utf8-undeclared.html", "text/html", "Zürich trader loses savings to “pig butchering” scam",
			[]string{"A trader in Zürich lost 310,000 francs", "scam — a months-long", "a “tax” of twenty percent"}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.contentType, func(t *testing.T) {
			a, err := Parse(readFixture(t, tt.file), tt.contentType, "https://example.test/a")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if a.Title != tt.title {
				t.Errorf("Title = %q, want %q", a.Title, tt.title)
			}
			for _, w := range tt.wantInText {
				if !strings.Contains(a.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, a.Text)
				}
			}
			if !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, utf8.RuneError) {
				t.Errorf("text is not clean UTF-8: %q", a.Text)
			}
		})
	}
}

// TestParseMetadata checks each metadata source and their precedence.
func TestParseMetadata(t *testing.T) {
	tests := []struct {
		file, pageURL string
		want          Article // Text is not compared
	}{
		{"meta-og.html", "https://defidaily.example/news/oracle-exploit?utm_medium=rss", Article{
			Title: "Lending protocol paused after $25M oracle exploit", Canonical: "https://defidaily.example/news/oracle-exploit",
			Author: "Jonas Weber", SiteName: "DeFi Daily", Description: "Attackers manipulated a thinly traded price feed.",
			Language: "en", Published: time.Date(2025, 2, 11, 13, 30, 0, 0, time.UTC),
		}},
		{"chrome-divs.html", "https://ledgerpost.example/a?id=1", Article{
			Title:     "Police seize servers used to launder exchange hack proceeds",
			Canonical: "https://ledgerpost.example/news/2025/06/laundering-servers-seized?utm_source=rss",
			Author:    "Mira Castell", SiteName: "The Ledger Post", Description: "Investigators in three countries took down a laundering service.",
			Language: "en", Published: time.Date(2025, 6, 3, 12, 20, 0, 0, time.UTC),
		}},
		{"meta-jsonld-list.html", "https://criptohoje.example/p/1", Article{
			Title: "Corretora perde R$ 40 milhões em ataque", Canonical: "https://criptohoje.example/p/1",
			Author: "Paula Reis", SiteName: "Cripto Hoje", Language: "pt",
			Published: time.Date(2023, 8, 7, 16, 45, 0, 0, time.UTC),
		}},
		{"meta-time.html", "https://threatnotes.example/2024/11/drainer-kit?utm_source=feed", Article{
			Title:     "Wallet drainer kit stole $50 million, researchers say",
			Canonical: "https://threatnotes.example/2024/11/drainer-kit",
			Author:    "Ana Lima", Published: time.Date(2024, 11, 19, 10, 15, 0, 0, time.UTC),
		}},
		{"meta-times-sidebar.html", "https://news.example/x", Article{
			Title: "Exchange freezes stolen funds", Canonical: "https://news.example/x", // no Published: which <time> is the story's?
		}},
		{"meta-time-lone.html", "https://news.example/x", Article{
			Title: "Exchange freezes stolen funds", Canonical: "https://news.example/x",
			Published: time.Date(2025, 12, 30, 7, 0, 0, 0, time.UTC),
		}},
		{"meta-none.html", "https://news.example/x", Article{
			Title: "Exchange halts withdrawals", Canonical: "https://news.example/x",
		}},
		{"farm-coin-desk.html", "http://127.0.0.1:8080/a/bridge-keys.html", Article{
			Title: "Bridge operator loses $41 million after validator keys leak", Canonical: "http://127.0.0.1:8080/a/bridge-keys.html",
			Author: "Staff Reporter", SiteName: "Coin Desk Daily", Language: "en",
			Published: time.Date(2024, 3, 14, 9, 0, 0, 0, time.UTC),
		}},
		{"meta-none.html", "not a url at all", Article{Title: "Exchange halts withdrawals"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := Parse(readFixture(t, tt.file), "text/html", tt.pageURL)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got.Text = ""
			if !got.Published.Equal(tt.want.Published) {
				t.Errorf("Published = %v, want %v", got.Published, tt.want.Published)
			}
			got.Published, tt.want.Published = time.Time{}, time.Time{}
			if got != tt.want {
				t.Errorf("metadata:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDropLeadingLines(t *testing.T) {
	tests := []struct{ text, title, want string }{
		{"Exchange hacked\n\nBody.", "Exchange  hacked", "Body."},
		{"By Ana Lima\n\nUpdated 5:27 am CST\n\nBody.", "", "Body."},
		{"Exchange hacked\n\nBy Ana Lima\n\nBody.", "Exchange hacked", "Body."},
		{"By the time police arrived, the attackers had moved the funds through three mixers and a bridge, investigators said.\n\nBody.", "",
			"By the time police arrived, the attackers had moved the funds through three mixers and a bridge, investigators said.\n\nBody."},
		{"by then it was gone.\n\nBody.", "", "by then it was gone.\n\nBody."},
		{"Body only.", "Title", "Body only."},
		{"", "Title", ""},
	}
	for _, tt := range tests {
		if got := dropLeadingLines(tt.text, tt.title); got != tt.want {
			t.Errorf("dropLeadingLines(%q, %q) = %q, want %q", tt.text, tt.title, got, tt.want)
		}
	}
}

func TestCleanTitle(t *testing.T) {
	tests := []struct{ title, site, want string }{
		{"Exchange hacked | Chain News", "", "Exchange hacked"},
		{"Exchange hacked | Crime | Chain News", "", "Exchange hacked | Crime"},
		{"Hackers steal $5M - police say", "", "Hackers steal $5M - police say"},
		{"Hackers steal $5M - Chain News", "chain news", "Hackers steal $5M"},
		{"  Plain   title ", "", "Plain title"},
		{"| Chain News", "", "| Chain News"},
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.title, tt.site); got != tt.want {
			t.Errorf("cleanTitle(%q, %q) = %q, want %q", tt.title, tt.site, got, tt.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-03-14T09:00:00Z", time.Date(2024, 3, 14, 9, 0, 0, 0, time.UTC), true},
		{"2024-03-14T09:00:00.123+02:00", time.Date(2024, 3, 14, 7, 0, 0, 123e6, time.UTC), true},
		{"2024-03-14T09:00:00+0200", time.Date(2024, 3, 14, 7, 0, 0, 0, time.UTC), true},
		{"2024-03-14", time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC), true},
		{"Thu, 14 Mar 2024 09:00:00 GMT", time.Date(2024, 3, 14, 9, 0, 0, 0, time.UTC), true},
		{"March 14, 2024", time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC), true},
		{"yesterday", time.Time{}, false},
		{"0001-01-01T00:00:00Z", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseTime(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestParseNotHTML checks that bodies that are not pages are refused with
// ErrNotHTML and a reason, whatever the Content-Type says.
func TestParseNotHTML(t *testing.T) {
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	tests := []struct {
		name        string
		body        []byte
		contentType string
		reason      string
	}{
		{"json by type", []byte(`{"title":"<p>x</p>"}`), "application/json", "content type application/json"},
		{"json labelled html", []byte(" \n[{\"title\":\"<div>x</div>\"}]"), "text/html; charset=utf-8", "JSON"},
		{"pdf by type", pdf, "application/pdf", "content type application/pdf"},
		{"pdf labelled html", pdf, "text/html", "PDF"},
		{"pdf unlabelled", pdf, "", "PDF"},
		{"png unlabelled", png, "", "binary"},
		{"plain text", []byte("Exchange hacked.\nThe exchange said it lost $5 million.\n"), "text/plain; charset=utf-8", "no HTML markup"},
		{"plain text labelled html", []byte("Exchange hacked. The exchange said it lost $5 million."), "text/html", "no HTML markup"},
		{"rss feed", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`), "text/html", "XML"},
		{"atom by type", []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`), "application/atom+xml", "content type"},
		{"image by type", []byte("<html>not really</html>"), "image/jpeg", "content type image/jpeg"},
		{"empty", nil, "text/html", "empty body"},
		{"white space", []byte(" \r\n\t "), "text/html", "empty body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.body, tt.contentType, "https://example.test/a")
			if !errors.Is(err, ErrNotHTML) {
				t.Fatalf("err = %v, want ErrNotHTML", err)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("err = %q, want the reason %q", err, tt.reason)
			}
		})
	}
}

// TestParseAcceptsHTML checks bodies that are HTML despite a missing or vague type.
func TestParseAcceptsHTML(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		contentType string
	}{
		{"no type", "<!doctype html><html><body><p>x</p></body></html>", ""},
		{"octet-stream", "<html><body><p>x</p></body></html>", "application/octet-stream"},
		{"text/plain but html", "\n\n<!DOCTYPE HTML><html><p>x</p></html>", "text/plain"},
		{"xhtml", `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>`, "application/xhtml+xml"},
		{"bom", "\xef\xbb\xbf<html><body><p>x</p></body></html>", "text/html"},
		{"fragment", "<div><p>Only a fragment.</p></div>", "text/html"},
		{"bad content type", "<html><body><p>x</p></body></html>", "text/html; charset="},
		{"not a media type", "<html><body><p>x</p></body></html>", "html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse([]byte(tt.body), tt.contentType, "https://example.test/a"); err != nil {
				t.Errorf("Parse: %v", err)
			}
		})
	}
}

// TestParseBrokenHTML checks that broken, truncated and hostile pages give
// text or an empty result, never a panic or a hang.
func TestParseBrokenHTML(t *testing.T) {
	farm := readFixture(t, "farm-chain-ledger.html")
	deep := strings.Repeat("<div>", 20000) + "<p>deep text</p>" + strings.Repeat("</div>", 20000)
	tests := []struct {
		name    string
		body    []byte
		inText  string // "" means any text, including none
		wantErr string // "" means no error
	}{
		{"truncated farm page", farm[:len(farm)/2], "The operator of the Larkspur cross-chain bridge", ""},
		{"unclosed tags", []byte("<html><body><p>First unclosed <b>bold <div><p>second"), "", ""},
		{"angle soup", []byte("<html><<<>>><p><</p>>><!-- <p>"), "", ""},
		{"only head", []byte("<html><head><title>T</title></head></html>"), "", ""},
		{"deep nesting", []byte(deep), "", "cannot parse"},
		{"invalid utf-8", []byte("<html><body><article><p>bad \xff\xfe bytes " + strings.Repeat("filler words here ", 40) + "</p></article></body></html>"), "bad", ""},
		{"script only", []byte("<html><body><script>var a = '<p>not text</p>';</script></body></html>"), "", ""},
		{"nul bytes", []byte("<html><body><p>a\x00b</p></body></html>"), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.body, "text/html", "https://example.test/a")
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Parse: %v", err)
			case tt.wantErr != "" && (!errors.Is(err, ErrNotHTML) || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v, want ErrNotHTML about %q", err, tt.wantErr)
			}
			if !utf8.ValidString(a.Text) {
				t.Errorf("text is not valid UTF-8: %q", a.Text)
			}
			if strings.Contains(a.Text, "not text") {
				t.Errorf("script content leaked into text: %q", a.Text)
			}
			if tt.inText != "" && !strings.Contains(a.Text, tt.inText) {
				t.Errorf("text lacks %q: %q (err %v)", tt.inText, a.Text, err)
			}
		})
	}
}

// FuzzParse feeds arbitrary bytes to Parse: it must not panic, and what it
// returns must be clean UTF-8 in the documented paragraph shape.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"farm-chain-ledger.html", "chrome-divs.html", "cp1252-meta.html", "meta-time.html"} {
		f.Add(readFixture(f, name), "text/html")
	}
	f.Add([]byte("<p>a<br>b<table><tr><td>c<td>d</table><pre> e\n f</pre>"), "")
	f.Add([]byte("%PDF-1.4"), "application/pdf")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		a, err := Parse(body, contentType, "https://example.test/a")
		if err != nil {
			if a != (Article{}) {
				t.Errorf("error %v with a non-empty article", err)
			}
			return
		}
		for _, s := range []string{a.Title, a.Author, a.SiteName, a.Description, a.Text, a.Canonical} {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8 in %q", s)
			}
		}
		if strings.Contains(a.Text, "\n\n\n") || a.Text != strings.TrimSpace(a.Text) {
			t.Errorf("text shape: %q", a.Text)
		}
	})
}

func TestDropBoilerplate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Story one.\n\nAdvertisement\n\nStory two.", "Story one.\n\nStory two."},
		{"Story.\n\n12 Comments\n\nClose", "Story."},
		{"Story.\n\nShare this on WhatsApp", "Story."},
		{"Story.\n\nTags\ncrypto, hack,\nexchange", "Story."},
		{"Story.\n\nFirst Published on Nov 20, 2019 01:38 pm", "Story."},
		{"Story.\n\nGet the latest updates right in your inbox. Subscribe to our newsletters.", "Story."},
		{"Story.\n\nThis slideshow requires JavaScript.", "Story."},
		{"Story.\n\nhttps://news.example/a/1\n\nWrite to Al Root at allen.root@news.example\n\nCopyright ©2019 News Inc. All Rights Reserved", "Story."},
		{"Copyright holders sued the exchange in 2021 over the leaked code.", "Copyright holders sued the exchange in 2021 over the leaked code."},
		{"The phishing mails came from support@wallet-help.example, police said.", "The phishing mails came from support@wallet-help.example, police said."},
		// Story sentences that share words with boilerplate stay.
		{"Police closed the case.\n\nThe share price fell 12% after the hack was published in 2024.", "Police closed the case.\n\nThe share price fell 12% after the hack was published in 2024."},
		{"Comments from the exchange were not available.", "Comments from the exchange were not available."},
		{"Updated figures from the firm show $40 million was taken.", "Updated figures from the firm show $40 million was taken."},
		{"Updated figures show 2024 losses of $40 million.", "Updated figures show 2024 losses of $40 million."},
		{"Published in 2024, the report put losses at $1.7 billion.", "Published in 2024, the report put losses at $1.7 billion."},
		{"Story.\n\nUpdated 5:27 am PST, Wednesday, November 20, 2019", "Story."},
		{"The attackers sent a fake newsletter to 3,000 subscribers, urging them to sign up for an airdrop that drained their wallets. " +
			"Investigators said the campaign ran for two weeks before the platform noticed and blocked the sender, by which time the losses exceeded $2 million.",
			"The attackers sent a fake newsletter to 3,000 subscribers, urging them to sign up for an airdrop that drained their wallets. " +
				"Investigators said the campaign ran for two weeks before the platform noticed and blocked the sender, by which time the losses exceeded $2 million."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := dropBoilerplate(tt.in); got != tt.want {
			t.Errorf("dropBoilerplate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBylineName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"By Staff Reporter", "Staff Reporter"},
		{"  BY   Ana Lima ", "Ana Lima"},
		{"Ana Lima", "Ana Lima"},
		{"By Ana Lima | 19 Nov 2024", ""},
		{"Robert Burns, AP National Security Writer, and a very long list of contributors to this story", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := bylineName(tt.in); got != tt.want {
			t.Errorf("bylineName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
