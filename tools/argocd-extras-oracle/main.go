// argocd-extras-oracle: the go-template-oracle (Go text/template + sprig's GenericFuncMap minus
// env, expandenv, getHostByName) plus Argo CD's extra functions, for the cases the plain oracle
// cannot answer. normalize, slugify, toYaml, fromYaml and fromYamlArray are written here after
// Argo CD's applicationset/utils (SanitizeName, SlugifyName, toYAML, fromYAML, fromYAMLArray)
// and sigs.k8s.io/yaml (JSON round trip over go-yaml v2), which Debian does not package:
// gosimple/slug's Make is reduced to the [-a-z0-9.] text SanitizeName leaves it (no
// transliteration needed), sigs.k8s.io/yaml to Marshal, Unmarshal and its key conversion.
//
// Same stdin/stdout as go-template-oracle. Build (GOPATH mode, Debian's packages):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$ORACLE" ./tools/argocd-extras-oracle
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"text/template"

	sprig "github.com/Masterminds/sprig"
	yaml "gopkg.in/yaml.v2"
)

type request struct {
	ID       string          `json:"id"`
	Template string          `json:"template"`
	Mode     string          `json:"mode"`
	Ctx      json.RawMessage `json:"ctx"`
}

type result struct {
	ID  string `json:"id"`
	OK  bool   `json:"ok"`
	Out string `json:"out"`
	Err string `json:"err"`
}

func sanitizeName(name string) string {
	invalid := regexp.MustCompile("[^-a-z0-9.]")
	name = strings.ToLower(name)
	name = invalid.ReplaceAllString(name, "-")
	if len(name) > 253 {
		name = name[:253]
	}
	return strings.Trim(name, "-.")
}

func slugMake(s string, maxLength int, smart bool) string {
	slug := strings.TrimSpace(s)
	slug = strings.ToLower(slug)
	if !smart && len(slug) >= maxLength {
		slug = slug[:maxLength]
	}
	slug = regexp.MustCompile("[^a-zA-Z0-9-_]").ReplaceAllString(slug, "-")
	slug = regexp.MustCompile("-+").ReplaceAllString(slug, "-")
	slug = strings.Trim(slug, "-_")
	if maxLength > 0 && smart && len(slug) > maxLength {
		for i := maxLength; i >= 0; i-- {
			if slug[i] == '-' {
				return slug[:i]
			}
		}
		return slug[:maxLength]
	}
	return slug
}

func slugifyName(args ...interface{}) string {
	maxSize, smart, name := 50, true, ""
	for idx, arg := range args {
		switch idx {
		case len(args) - 1:
			name = arg.(string)
		case 0:
			maxSize = arg.(int)
		case 1:
			smart = arg.(bool)
		}
	}
	return slugMake(sanitizeName(name), maxSize, smart)
}

func jsonable(v interface{}) (interface{}, error) {
	switch typed := v.(type) {
	case map[interface{}]interface{}:
		out := map[string]interface{}{}
		for k, item := range typed {
			var key string
			switch tk := k.(type) {
			case string:
				key = tk
			case int:
				key = strconv.Itoa(tk)
			case int64:
				key = strconv.FormatInt(tk, 10)
			case float64:
				key = strconv.FormatFloat(tk, 'g', -1, 32)
				switch key {
				case "+Inf":
					key = ".inf"
				case "-Inf":
					key = "-.inf"
				case "NaN":
					key = ".nan"
				}
			case bool:
				key = strconv.FormatBool(tk)
			default:
				return nil, fmt.Errorf("unsupported map key of type: %T", k)
			}
			conv, err := jsonable(item)
			if err != nil {
				return nil, err
			}
			out[key] = conv
		}
		return out, nil
	case []interface{}:
		out := make([]interface{}, len(typed))
		for i, item := range typed {
			conv, err := jsonable(item)
			if err != nil {
				return nil, err
			}
			out[i] = conv
		}
		return out, nil
	}
	return v, nil
}

func yamlUnmarshal(text string, target interface{}) error {
	var raw interface{}
	if err := yaml.Unmarshal([]byte(text), &raw); err != nil {
		return fmt.Errorf("error converting YAML to JSON: %w", err)
	}
	conv, err := jsonable(raw)
	if err != nil {
		return fmt.Errorf("error converting YAML to JSON: %w", err)
	}
	data, err := json.Marshal(conv)
	if err != nil {
		return fmt.Errorf("error converting YAML to JSON: %w", err)
	}
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(target); err != nil {
		return fmt.Errorf("error unmarshaling JSON: while decoding JSON: %w", err)
	}
	return nil
}

func toYAML(v interface{}) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("error marshaling into JSON: %w", err)
	}
	var obj interface{}
	if err := yaml.Unmarshal(data, &obj); err != nil {
		return "", err
	}
	out, err := yaml.Marshal(obj)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}

func fromYAML(text string) (map[string]interface{}, error) {
	m := map[string]interface{}{}
	if err := yamlUnmarshal(text, &m); err != nil {
		return nil, err
	}
	return m, nil
}

func fromYAMLArray(text string) ([]interface{}, error) {
	a := []interface{}{}
	if err := yamlUnmarshal(text, &a); err != nil {
		return nil, err
	}
	return a, nil
}

func typed(v interface{}) interface{} {
	switch x := v.(type) {
	case map[string]interface{}:
		if inner, ok := x["__strmap__"]; ok && len(x) == 1 {
			m := map[string]string{}
			for k, iv := range inner.(map[string]interface{}) {
				m[k] = iv.(string)
			}
			return m
		}
		if inner, ok := x["__strslice__"]; ok && len(x) == 1 {
			s := []string{}
			for _, iv := range inner.([]interface{}) {
				s = append(s, iv.(string))
			}
			return s
		}
		out := map[string]interface{}{}
		for k, iv := range x {
			out[k] = typed(iv)
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, iv := range x {
			out[i] = typed(iv)
		}
		return out
	}
	return v
}

func evaluate(base *template.Template, r request) (res result) {
	res.ID = r.ID
	defer func() {
		if p := recover(); p != nil {
			res.OK = false
			res.Err = fmt.Sprintf("panic: %v", p)
		}
	}()
	var raw interface{}
	if err := json.Unmarshal(r.Ctx, &raw); err != nil {
		res.Err = "bad ctx: " + err.Error()
		return
	}
	params, _ := typed(raw).(map[string]interface{})
	cloned, _ := base.Clone()
	if r.Mode != "" && r.Mode != "default" {
		cloned = cloned.Option("missingkey=" + r.Mode)
	}
	parsed, err := cloned.Parse(r.Template)
	if err != nil {
		res.Err = "parse: " + err.Error()
		return
	}
	var buf bytes.Buffer
	if err := parsed.Execute(&buf, params); err != nil {
		res.Err = "exec: " + err.Error()
		return
	}
	res.OK = true
	res.Out = buf.String()
	return
}

func main() {
	var reqs []request
	if err := json.NewDecoder(os.Stdin).Decode(&reqs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	f := sprig.GenericFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	delete(f, "getHostByName")
	f["normalize"] = sanitizeName
	f["slugify"] = slugifyName
	f["toYaml"] = toYAML
	f["fromYaml"] = fromYAML
	f["fromYamlArray"] = fromYAMLArray
	base := template.New("base").Funcs(template.FuncMap(f))
	out := make([]result, 0, len(reqs))
	for _, r := range reqs {
		out = append(out, evaluate(base, r))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
