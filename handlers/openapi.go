package handlers

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
	"go.yaml.in/yaml/v3"
)

// The API document is openapi/openapi.yaml plus one file per area (openapi/paths-*.yaml), each
// with its own `paths` and `components.schemas`; they are merged into one document at start-up.
//
//go:embed openapi/*.yaml
var openAPIFiles embed.FS

var (
	openAPIOnce sync.Once
	openAPIJSON []byte
	openAPIDoc  *openapi3.T
	openAPIErr  error
)

// OpenAPI returns the merged, validated API document.
func OpenAPI() (*openapi3.T, []byte, error) {
	openAPIOnce.Do(func() { openAPIDoc, openAPIJSON, openAPIErr = loadOpenAPI() })
	return openAPIDoc, openAPIJSON, openAPIErr
}

func loadOpenAPI() (*openapi3.T, []byte, error) {
	var root map[string]any
	if err := readYAML("openapi/openapi.yaml", &root); err != nil {
		return nil, nil, err
	}
	parts, err := fs.Glob(openAPIFiles, "openapi/paths-*.yaml")
	if err != nil {
		return nil, nil, err
	}
	for _, name := range parts {
		var part map[string]any
		if err := readYAML(name, &part); err != nil {
			return nil, nil, err
		}
		for _, key := range []string{"paths", "components.schemas", "components.parameters"} {
			if err := mergeSection(root, part, key); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		if tags, ok := part["tags"].([]any); ok {
			root["tags"] = append(root["tags"].([]any), tags...)
		}
	}
	raw, err := json.Marshal(root)
	if err != nil {
		return nil, nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("load API document: %w", err)
	}
	if err := doc.Validate(openapi3.NewLoader().Context); err != nil {
		return nil, nil, fmt.Errorf("invalid API document: %w", err)
	}
	return doc, raw, nil
}

func readYAML(name string, into *map[string]any) error {
	b, err := openAPIFiles.ReadFile(name)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(b, into); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// mergeSection copies the entries of part's section (a dotted path) into root's, refusing
// duplicates so two files cannot silently disagree.
func mergeSection(root, part map[string]any, path string) error {
	src := section(part, path, false)
	if src == nil {
		return nil
	}
	dst := section(root, path, true)
	for k, v := range src {
		if _, dup := dst[k]; dup {
			return fmt.Errorf("%s %q is defined twice", path, k)
		}
		dst[k] = v
	}
	return nil
}

func section(m map[string]any, path string, create bool) map[string]any {
	for _, key := range strings.Split(path, ".") {
		next, ok := m[key].(map[string]any)
		if !ok {
			if !create {
				return nil
			}
			next = map[string]any{}
			m[key] = next
		}
		m = next
	}
	return m
}

func (h *Handler) openAPIDocument(c echo.Context) error {
	_, raw, err := OpenAPI()
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, raw)
}

type docOperation struct {
	Method, Path, Summary, Description string
	Params                             []string
	Body                               string
	Responses                          []string
	Public                             bool
}

type docTag struct {
	Name       string
	Operations []docOperation
}

var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.Title}} — API</title>
<style>
body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}
h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em;text-transform:capitalize}
.op{border:1px solid #e3e3e3;border-radius:6px;padding:.6em .9em;margin:.6em 0}
.m{display:inline-block;min-width:4.5em;font-weight:700;font-family:monospace}
.GET{color:#0a7d32}.POST{color:#1c5fd1}.PUT,.PATCH{color:#a66400}.DELETE{color:#c62828}
code{background:#f4f4f4;padding:0 .25em;border-radius:3px}.small{color:#666;font-size:.9em}
pre{white-space:pre-wrap}
@media (prefers-color-scheme:dark){body{background:#141414;color:#ddd}.op{border-color:#333}code{background:#222}}
</style></head><body>
<h1>{{.Title}}</h1><pre>{{.Description}}</pre>
<p>Machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI {{.Version}}).</p>
{{range .Tags}}<h2 id="{{.Name}}">{{.Name}}</h2>
{{range .Operations}}<div class="op"><span class="m {{.Method}}">{{.Method}}</span> <code>{{.Path}}</code> — {{.Summary}}{{if .Public}} <span class="small">(no sign-in)</span>{{end}}
{{if .Description}}<p class="small">{{.Description}}</p>{{end}}
{{if .Params}}<div class="small">Parameters: {{range $i, $p := .Params}}{{if $i}}, {{end}}<code>{{$p}}</code>{{end}}</div>{{end}}
{{if .Body}}<div class="small">Body: {{.Body}}</div>{{end}}
<div class="small">Responses: {{range $i, $r := .Responses}}{{if $i}}, {{end}}{{$r}}{{end}}</div></div>
{{end}}{{end}}</body></html>`))

// openAPIDocs renders the document as a readable page, without scripts, so it works offline and
// under the strict content security policy.
func (h *Handler) openAPIDocs(c echo.Context) error {
	doc, _, err := OpenAPI()
	if err != nil {
		return err
	}
	byTag := map[string][]docOperation{}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			d := docOperation{Method: method, Path: path, Summary: op.Summary, Description: op.Description,
				Public: op.Security != nil && len(*op.Security) == 0}
			for _, p := range append(item.Parameters, op.Parameters...) {
				if p.Value != nil {
					d.Params = append(d.Params, p.Value.Name+" ("+p.Value.In+")")
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
					d.Body = schemaSummary(mt.Schema)
				}
			}
			d.Responses = slices.Sorted(maps.Keys(op.Responses.Map()))
			tag := "other"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			byTag[tag] = append(byTag[tag], d)
		}
	}
	var tags []docTag
	for _, t := range doc.Tags {
		if ops, ok := byTag[t.Name]; ok {
			tags = append(tags, docTag{Name: t.Name, Operations: sortOps(ops)})
			delete(byTag, t.Name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(byTag)) {
		tags = append(tags, docTag{Name: name, Operations: sortOps(byTag[name])})
	}
	var b strings.Builder
	err = docsPage.Execute(&b, map[string]any{"Title": doc.Info.Title, "Description": doc.Info.Description,
		"Version": doc.OpenAPI, "Tags": tags})
	if err != nil {
		return err
	}
	return c.HTML(http.StatusOK, b.String())
}

func sortOps(ops []docOperation) []docOperation {
	slices.SortFunc(ops, func(a, b docOperation) int {
		return strings.Compare(a.Path+" "+a.Method, b.Path+" "+b.Method)
	})
	return ops
}

func schemaSummary(ref *openapi3.SchemaRef) string {
	if ref.Ref != "" {
		return ref.Ref[strings.LastIndex(ref.Ref, "/")+1:]
	}
	if ref.Value == nil {
		return ""
	}
	var fields []string
	for _, name := range slices.Sorted(maps.Keys(ref.Value.Properties)) {
		if slices.Contains(ref.Value.Required, name) {
			name += "*"
		}
		fields = append(fields, name)
	}
	return "{" + strings.Join(fields, ", ") + "}"
}
