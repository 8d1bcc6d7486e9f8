package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// leaf describes one site certificate. notBefore and notAfter are offsets
// from now, so a negative notAfter makes an expired certificate.
type leaf struct {
	file      string
	names     []string
	ips       []string
	notBefore time.Duration
	notAfter  time.Duration
}

const day = 24 * time.Hour

// leaves are the lab's site certificates; the nginx configs in lab/conf
// refer to them by file name.
var leaves = []leaf{
	{file: "edge", names: []string{"shop.gw.test"}, ips: []string{"203.0.113.10"}, notBefore: -day, notAfter: 365 * day},
	{file: "origin", names: []string{"origin.gw.test", "shop.gw.test"}, ips: []string{"203.0.113.20"}, notBefore: -day, notAfter: 365 * day},
	// Expired thirty days ago: a certificate nobody renewed.
	{file: "expired", names: []string{"expired.gw.test"}, notBefore: -400 * day, notAfter: -30 * day},
	// Valid, but for another name: served for wrongname.gw.test.
	{file: "wrongname", names: []string{"elsewhere.gw.test"}, notBefore: -day, notAfter: 365 * day},
	// The dual-stack and IPv6-only sites of the ipv6 faults (labfake site).
	{file: "dual", names: []string{"dual.gw.test", "v6only.gw.test"}, notBefore: -day, notAfter: 365 * day},
	{file: "canary", names: []string{"canary.gw.test"}, ips: []string{"203.0.113.30"}, notBefore: -day, notAfter: 365 * day},
}

// writeAll writes ca.pem and, per leaf, NAME.pem (leaf certificate) and
// NAME-key.pem into dir.
func writeAll(dir string, now time.Time) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("generate CA key: %w", err)
	}
	caTmpl := caTemplate("gatewatch lab CA", "gatewatch lab", now)
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		return fmt.Errorf("sign CA: %w", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return fmt.Errorf("parse CA: %w", err)
	}
	if err := writePEM(filepath.Join(dir, "ca.pem"), "CERTIFICATE", caDER, 0o644); err != nil {
		return err
	}
	for _, l := range leaves {
		if err := writeLeaf(dir, l, now, ca, caKey); err != nil {
			return fmt.Errorf("leaf %s: %w", l.file, err)
		}
	}
	return writeInterceptors(dir, now)
}

func writeLeaf(dir string, l leaf, now time.Time, ca *x509.Certificate, caKey crypto.Signer) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("generate key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: l.names[0], Organization: []string{"gatewatch lab"}},
		DNSNames:     l.names,
		NotBefore:    now.Add(l.notBefore),
		NotAfter:     now.Add(l.notAfter),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, s := range l.ips {
		ip := net.ParseIP(s)
		if ip == nil {
			return fmt.Errorf("bad IP %q", s)
		}
		tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, key.Public(), caKey)
	if err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("marshal key: %w", err)
	}
	if err := writePEM(filepath.Join(dir, l.file+".pem"), "CERTIFICATE", der, 0o644); err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, l.file+"-key.pem"), "PRIVATE KEY", keyDER, 0o600)
}

func writePEM(path, typ string, der []byte, mode os.FileMode) error {
	data := pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
	if err := os.WriteFile(path, data, mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// serial is a random 128-bit serial number, as RFC 5280 recommends.
func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		// crypto/rand does not fail on Linux; a fixed serial is still valid.
		return big.NewInt(1)
	}
	return n
}

// caTemplate is a self-signed root for the lab: valid from two days ago
// for two years, signing leaves only (no intermediates).
func caTemplate(cn, org string, now time.Time) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{org}},
		NotBefore:             now.Add(-2 * day),
		NotAfter:              now.Add(2 * 365 * day),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
}
