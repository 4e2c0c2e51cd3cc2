package config

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaultsValid(t *testing.T) {
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	if c.StorePath() != filepath.Join(c.DataDir, "heistwatch.db") {
		t.Errorf("StorePath = %q", c.StorePath())
	}
}

func TestLoadGood(t *testing.T) {
	c, err := Load("testdata/good.yaml", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:9999" || c.Log.Format != "json" || c.Fetch.Jitter != 30*time.Second || c.Fetch.Timeout != 12*time.Second {
		t.Errorf("file values not applied: %+v", c)
	}
	if c.Fetch.Workers != Default().Fetch.Workers {
		t.Errorf("unset key lost its default: workers = %d", c.Fetch.Workers)
	}
	if len(c.Feeds) != 1 || c.Feeds[0].Filter != "crypto-theft" {
		t.Errorf("feeds = %+v", c.Feeds)
	}
	if want := filepath.Join("testdata", "empty.opml"); len(c.OPML) != 1 || c.OPML[0] != want {
		t.Errorf("opml path not made relative to the file: %v", c.OPML)
	}
}

func TestEnvOverridesFile(t *testing.T) {
	c, err := Load("testdata/good.yaml", env(map[string]string{
		"HEISTWATCH_LISTEN": "127.0.0.1:0", "HEISTWATCH_STORE": "postgres://x@y/z",
		"HEISTWATCH_ALLOW_PRIVATE": "1", "HEISTWATCH_DATA_DIR": "/tmp/hw",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:0" || c.Store != "postgres://x@y/z" || !c.AllowPrivate || c.DataDir != "/tmp/hw" {
		t.Errorf("env not applied over file: %+v", c)
	}
}

func TestConfigFromEnvPath(t *testing.T) {
	c, err := Load("", env(map[string]string{"HEISTWATCH_CONFIG": "testdata/good.yaml"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "testdata/good.yaml" {
		t.Errorf("HEISTWATCH_CONFIG not read: File = %q", c.File)
	}
}

func TestValidationNamesFileLineKey(t *testing.T) {
	_, err := Load("testdata/bad.yaml", env(nil))
	if err == nil {
		t.Fatal("bad config accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		"testdata/bad.yaml:1: listen:",
		"testdata/bad.yaml:3: fetch.workers: must be greater than zero",
		"testdata/bad.yaml:4: fetch.schedule: bad cron spec",
		"testdata/bad.yaml:7: feeds[1].url:",
		"testdata/bad.yaml:9: feeds[2].schedule: bad cron spec",
		"testdata/bad.yaml:10: feeds[3].url: https://a.example/feed.xml is already feeds[0]",
		"testdata/bad.yaml:11: feeds[3].filter:",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		path string
		env  map[string]string
		want string
	}{
		{"testdata/unknown.yaml", nil, "field wrokers not found"},
		{"testdata/missing.yaml", nil, "no such file"},
		{"", map[string]string{"HEISTWATCH_ALLOW_PRIVATE": "maybe"}, "HEISTWATCH_ALLOW_PRIVATE"},
		{"", map[string]string{"HEISTWATCH_LOG_LEVEL": "loud"}, "log.level"},
	}
	for _, tt := range tests {
		_, err := Load(tt.path, env(tt.env))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load(%q, %v) = %v, want error containing %q", tt.path, tt.env, err, tt.want)
		}
	}
}

func TestExampleConfig(t *testing.T) {
	c, err := Load("../deploy/heistwatch.example.yaml", env(nil))
	if err != nil {
		t.Fatalf("the shipped example config does not load: %v", err)
	}
	if len(c.OPML) == 0 || c.OPMLFilter != "crypto-theft" {
		t.Errorf("example config should use the starter OPML with the crypto-theft filter: %+v", c)
	}
}
