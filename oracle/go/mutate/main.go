// Command tracefuzz-mutate lists the mutants of Go source files: small
// changes a maintainer could make by mistake, each found through go/ast so
// that every one is a syntactically valid edit of one expression or statement.
//
//	negate       a comparison: == and !=, < and >=, > and <=
//	drop-left,   one operand of || or && (the expression becomes the other)
//	drop-right
//	shift-bound  a loop condition's bound by one: < and <=
//	return-early the condition of an if whose body returns, made true
//	swap-error   a returned error (the last result of a function returning error) made nil
//
// Usage: tracefuzz-mutate FILE.go... ; prints one JSON object per mutant
// (file, line, op, the byte range to replace, the original and the
// replacement text). The harness applies one at a time to a copy.
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
)

type mutant struct {
	File        string `json:"file"`
	Line        int    `json:"line"`
	Op          string `json:"op"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Original    string `json:"original"`
	Replacement string `json:"replacement"`
}

var negations = map[token.Token]token.Token{
	token.EQL: token.NEQ, token.NEQ: token.EQL,
	token.LSS: token.GEQ, token.GEQ: token.LSS,
	token.GTR: token.LEQ, token.LEQ: token.GTR,
}

func main() {
	out := json.NewEncoder(os.Stdout)
	for _, path := range os.Args[1:] {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, m := range mutantsOf(fset, f, src) {
			m.File = path
			if err := out.Encode(m); err != nil {
				os.Exit(1)
			}
		}
	}
}

func mutantsOf(fset *token.FileSet, f *ast.File, src []byte) []mutant {
	var ms []mutant
	text := func(n ast.Node) string { return string(src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset]) }
	add := func(op string, n ast.Node, repl string) {
		p := fset.Position(n.Pos())
		ms = append(ms, mutant{Line: p.Line, Op: op, Start: p.Offset, End: fset.Position(n.End()).Offset, Original: text(n), Replacement: repl})
	}
	// Loop conditions get shift-bound instead of negate (a negated loop bound is rarely a plausible slip).
	loopConds := map[ast.Expr]bool{}
	var funcs []*ast.FuncType
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			funcs = append(funcs, x.Type)
			if x.Body != nil {
				ast.Inspect(x.Body, visit)
			}
			funcs = funcs[:len(funcs)-1]
			return false
		case *ast.FuncLit:
			funcs = append(funcs, x.Type)
			ast.Inspect(x.Body, visit)
			funcs = funcs[:len(funcs)-1]
			return false
		case *ast.ForStmt:
			if b, ok := x.Cond.(*ast.BinaryExpr); ok && (b.Op == token.LSS || b.Op == token.LEQ) {
				loopConds[b] = true
				op := "<="
				if b.Op == token.LEQ {
					op = "<"
				}
				add("shift-bound", b, text(b.X)+" "+op+" "+text(b.Y))
			}
		case *ast.BinaryExpr:
			if neg, ok := negations[x.Op]; ok && !loopConds[x] {
				add("negate", x, text(x.X)+" "+neg.String()+" "+text(x.Y))
			}
			if x.Op == token.LOR || x.Op == token.LAND {
				add("drop-right", x, text(x.X))
				add("drop-left", x, text(x.Y))
			}
		case *ast.IfStmt:
			if n := len(x.Body.List); n > 0 {
				if _, ok := x.Body.List[n-1].(*ast.ReturnStmt); ok && x.Init == nil {
					add("return-early", x.Cond, "true")
				}
			}
		case *ast.ReturnStmt:
			if len(funcs) > 0 && len(x.Results) > 0 && returnsError(funcs[len(funcs)-1]) {
				last := x.Results[len(x.Results)-1]
				if id, ok := last.(*ast.Ident); !ok || id.Name != "nil" {
					add("swap-error", last, "nil")
				}
			}
		}
		return true
	}
	for _, d := range f.Decls {
		ast.Inspect(d, visit)
	}
	return ms
}

func returnsError(t *ast.FuncType) bool {
	if t.Results == nil || len(t.Results.List) == 0 {
		return false
	}
	id, ok := t.Results.List[len(t.Results.List)-1].Type.(*ast.Ident)
	return ok && id.Name == "error"
}
