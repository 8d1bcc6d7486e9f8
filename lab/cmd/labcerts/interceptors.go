package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// interceptor is a TLS-inspecting product's authority in the lab, named
// the way the real product names its own (checks.InterceptionProduct
// knows them by those names), with one leaf for shop.gw.test that the
// router's filter server presents in the site's place (fault.sh
// filter-block and tls-inspect).
type interceptor struct {
	file    string // NAME-ca.pem, NAME.pem, NAME-key.pem
	cn, org string
	// trusted: the authority is added to ca.pem, the bundle the lab's
	// client trusts, as an organisation installs its inspection root on
	// its computers; an untrusted one is a filter's certificate the
	// computer was never told about.
	trusted bool
}

var interceptors = []interceptor{
	{file: "inspect", cn: "Zscaler Root CA (lab)", org: "Zscaler Inc. (lab)", trusted: true},
	{file: "filter", cn: "FortiGate CA (lab)", org: "Fortinet (lab)"},
}

// writeInterceptors writes each interceptor's authority and leaf, and
// appends the trusted ones to ca.pem (written before, lab CA first).
func writeInterceptors(dir string, now time.Time) error {
	for _, ic := range interceptors {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return fmt.Errorf("generate %s key: %w", ic.cn, err)
		}
		tmpl := caTemplate(ic.cn, ic.org, now)
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
		if err != nil {
			return fmt.Errorf("sign %s: %w", ic.cn, err)
		}
		ca, err := x509.ParseCertificate(der)
		if err != nil {
			return fmt.Errorf("parse %s: %w", ic.cn, err)
		}
		if err := writePEM(filepath.Join(dir, ic.file+"-ca.pem"), "CERTIFICATE", der, 0o644); err != nil {
			return err
		}
		l := leaf{file: ic.file, names: []string{"shop.gw.test"}, ips: []string{"203.0.113.10"}, notBefore: -day, notAfter: 365 * day}
		if err := writeLeaf(dir, l, now, ca, key); err != nil {
			return fmt.Errorf("leaf %s: %w", ic.file, err)
		}
		if ic.trusted {
			if err := appendFile(filepath.Join(dir, "ca.pem"), filepath.Join(dir, ic.file+"-ca.pem")); err != nil {
				return err
			}
		}
	}
	return nil
}

func appendFile(dst, src string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	f, err := os.OpenFile(dst, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("open %s: %w", dst, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("append to %s: %w", dst, err)
	}
	return f.Close()
}
