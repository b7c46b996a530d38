package main

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		handled bool
		err     error
		out     string // in standard output
		errOut  string // in standard error
	}{
		{[]string{"-h"}, true, nil, "relocate user add -email E", ""},
		{[]string{"--help"}, true, nil, "RELOCATE_DATABASE_URL", ""},
		{[]string{"help"}, true, nil, "relocate help [command]", ""},
		{[]string{"help", "seed"}, true, nil, "Usage: relocate seed", ""},
		{[]string{"seed", "-h"}, true, nil, "Usage: relocate seed", ""},
		{[]string{"serve", "-help"}, true, nil, "Usage: relocate [serve]", ""},
		{[]string{"user", "add", "-h"}, true, nil, "-language L", ""},
		{[]string{"user", "help"}, true, nil, "relocate user passwd", ""},
		{[]string{"user"}, true, errUsage, "", "add, passwd or disable"},
		{[]string{"frobnicate"}, true, errUsage, "", "unknown command \"frobnicate\""},
		{[]string{"help", "frobnicate"}, true, errUsage, "", "no command \"frobnicate\""},
		{nil, false, nil, "", ""},
		{[]string{"serve"}, false, nil, "", ""},
		{[]string{"user", "add", "-email", "a@b.example"}, false, nil, "", ""},
	} {
		var out, errOut bytes.Buffer
		handled, err := help(tc.args, &out, &errOut)
		if handled != tc.handled || !errors.Is(err, tc.err) {
			t.Errorf("%v: handled %v, err %v", tc.args, handled, err)
		}
		if !strings.Contains(out.String(), tc.out) || !strings.Contains(errOut.String(), tc.errOut) ||
			(tc.out == "" && out.Len() > 0) || (tc.errOut == "" && errOut.Len() > 0) {
			t.Errorf("%v: printed %q and %q", tc.args, out.String(), errOut.String())
		}
		if tc.err != nil && !strings.Contains(errOut.String(), "Usage:") {
			t.Errorf("%v: a wrong command line does not show the usage", tc.args)
		}
	}
}

// TestEveryVariableIsDocumented: the help and the README's configuration
// table name every variable the configuration reads.
func TestEveryVariableIsDocumented(t *testing.T) {
	src, err := os.ReadFile("../../internal/config/config.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	vars := regexp.MustCompile(`"(RELOCATE_[A-Z_]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(vars) < 10 {
		t.Fatalf("found only %d variables in config.go", len(vars))
	}
	var names []string
	for _, v := range vars {
		names = append(names, v[1])
	}
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		if !strings.Contains(usage, name+" ") {
			t.Errorf("relocate -h does not name %s", name)
		}
		if !strings.Contains(string(readme), "`"+name+"`") {
			t.Errorf("the README does not name %s", name)
		}
	}
}
