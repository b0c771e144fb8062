// Command regexpcheck answers, with Go's own regexp package, what the tests
// of tracefuzz's Go-regexp engine ask: for each pattern, whether it compiles
// and, when it does, whether it matches (MatchString) each of its inputs.
//
// Input on stdin: a JSON array of {"pattern": string, "inputs": [string]}.
// Output on stdout: a JSON array of {"error": string|null, "matches": [bool]}.
package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type query struct {
	Pattern string   `json:"pattern"`
	Inputs  []string `json:"inputs"`
}

type answer struct {
	Error   *string `json:"error"`
	Matches []bool  `json:"matches"`
}

func main() {
	var qs []query
	if err := json.NewDecoder(os.Stdin).Decode(&qs); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(2)
	}
	out := make([]answer, len(qs))
	for i, q := range qs {
		re, err := regexp.Compile(q.Pattern)
		if err != nil {
			msg := err.Error()
			out[i].Error = &msg
			out[i].Matches = []bool{}
			continue
		}
		out[i].Matches = make([]bool, len(q.Inputs))
		for j, s := range q.Inputs {
			out[i].Matches[j] = re.MatchString(s)
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(1)
	}
}
