// Package filter is the relevance gate: it decides from an item's title and
// summary whether a feed item is worth fetching in full. General-news feeds
// carry mostly unrelated stories; fetching only the likely ones keeps the
// pipeline polite and the review queue clean.
//
// A filter spec is either the name of a built-in set ("crypto-theft") or a
// comma-separated list of words and phrases, any of which lets an item pass
// ("lazarus, bybit, bridge hack"). A term starting with "-" blocks an item
// that contains it ("-price prediction"). Matching ignores letter case and
// matches whole words, so "hack" does not match "Hackathon".
package filter

import (
	"fmt"
	"strings"
	"unicode"
)

// CryptoTheft is the name of the built-in set used by the starter feed list.
const CryptoTheft = "crypto-theft"

// cryptoTheftStrong terms pass an item on their own.
var cryptoTheftStrong = []string{
	"crypto heist", "crypto theft", "crypto hack", "cryptocurrency theft", "cryptocurrency heist",
	"crypto stolen", "stolen crypto", "stolen cryptocurrency", "stolen bitcoin", "stolen ether",
	"exchange hack", "exchange hacked", "bridge hack", "bridge exploit", "defi exploit", "defi hack",
	"wallet drainer", "drainer", "rug pull", "flash loan attack", "hot wallet",
	"lazarus", "tradertraitor", "bluenoroff", "apt38", "andariel", "applejeus", "jade sleet",
	"sapphire sleet", "kimsuky", "north korean hackers", "dprk hackers", "pyongyang",
}

// cryptoTerms and theftTerms pass an item when one of each is present.
var cryptoTerms = []string{
	"crypto", "cryptocurrency", "cryptocurrencies", "bitcoin", "btc", "ether", "ethereum", "eth",
	"stablecoin", "usdt", "usdc", "tether", "solana", "token", "tokens", "defi", "blockchain",
	"exchange", "wallet", "wallets", "web3", "nft", "nfts", "bridge", "protocol", "coin", "coins",
	"altcoin", "binance", "coinbase", "on-chain", "onchain", "smart contract",
}

var theftTerms = []string{
	"hack", "hacks", "hacked", "hacker", "hackers", "hacking", "heist", "heists", "stolen", "steal",
	"steals", "stealing", "stole", "theft", "thefts", "exploit", "exploited", "exploits", "exploiter",
	"drained", "drain", "draining", "breach", "breached", "compromise", "compromised", "attack",
	"attacked", "attacker", "attackers", "looted", "siphoned", "laundering", "laundered", "phishing",
	"scam", "lost", "losses", "robbed", "robbery", "private key", "private keys", "incident",
}

// Filter says whether an item is relevant. The zero Filter passes everything.
type Filter struct {
	spec  string
	any   []string // any of these passes
	block []string // any of these blocks
	theft bool     // the built-in crypto-theft rule
}

// Parse reads a filter spec; "" gives a filter that passes every item.
func Parse(spec string) (Filter, error) {
	spec = strings.TrimSpace(spec)
	f := Filter{spec: spec}
	if spec == "" {
		return f, nil
	}
	if strings.EqualFold(spec, CryptoTheft) {
		f.theft = true
		return f, nil
	}
	for _, part := range strings.Split(spec, ",") {
		term := strings.ToLower(strings.Join(strings.Fields(part), " "))
		switch {
		case term == "" || term == "-":
			return Filter{}, fmt.Errorf("filter %q: empty term", spec)
		case strings.HasPrefix(term, "-"):
			f.block = append(f.block, strings.TrimSpace(term[1:]))
		default:
			f.any = append(f.any, term)
		}
	}
	if len(f.any) == 0 && len(f.block) == 0 {
		return Filter{}, fmt.Errorf("filter %q: no terms", spec)
	}
	return f, nil
}

// String returns the spec the filter was parsed from.
func (f Filter) String() string { return f.spec }

// Match reports whether an item with this title and summary passes, and the
// term that decided it (for logs and `--explain`-style messages).
func (f Filter) Match(title, summary string) (bool, string) {
	if f.spec == "" {
		return true, ""
	}
	words := normalize(title + " \n " + summary)
	for _, t := range f.block {
		if containsTerm(words, t) {
			return false, "-" + t
		}
	}
	if f.theft {
		for _, t := range cryptoTheftStrong {
			if containsTerm(words, t) {
				return true, t
			}
		}
		c, th := firstTerm(words, cryptoTerms), firstTerm(words, theftTerms)
		if c != "" && th != "" {
			return true, c + "+" + th
		}
		return false, ""
	}
	if len(f.any) == 0 { // only blocks given: everything else passes
		return true, ""
	}
	if t := firstTerm(words, f.any); t != "" {
		return true, t
	}
	return false, ""
}

func firstTerm(words string, terms []string) string {
	for _, t := range terms {
		if containsTerm(words, t) {
			return t
		}
	}
	return ""
}

// normalize lowercases text and turns every run of non-word characters into
// one space, with a space at each end, so a term matches as " term ".
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' {
			b.WriteRune(unicode.ToLower(r))
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

func containsTerm(words, term string) bool {
	return strings.Contains(words, " "+term+" ")
}
