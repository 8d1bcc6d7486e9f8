package main

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(data)
	if b == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	if err := writeAll(dir, now); err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(readCert(t, filepath.Join(dir, "ca.pem")))
	tests := []struct {
		file, name string
		want       error // nil, x509.CertificateInvalidError or x509.HostnameError
	}{
		{"edge", "shop.gw.test", nil},
		{"origin", "origin.gw.test", nil},
		{"origin", "shop.gw.test", nil},
		{"canary", "canary.gw.test", nil},
		{"expired", "expired.gw.test", x509.CertificateInvalidError{}},
		{"wrongname", "wrongname.gw.test", x509.HostnameError{}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.name, func(t *testing.T) {
			c := readCert(t, filepath.Join(dir, tt.file+".pem"))
			_, err := c.Verify(x509.VerifyOptions{DNSName: tt.name, Roots: roots, CurrentTime: now})
			switch tt.want.(type) {
			case nil:
				if err != nil {
					t.Fatalf("verify: %v", err)
				}
			case x509.CertificateInvalidError:
				var e x509.CertificateInvalidError
				if !errors.As(err, &e) || e.Reason != x509.Expired {
					t.Fatalf("want expired, got %v", err)
				}
			case x509.HostnameError:
				var e x509.HostnameError
				if !errors.As(err, &e) {
					t.Fatalf("want name mismatch, got %v", err)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, tt.file+"-key.pem")); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// The inspection authority is in the client's bundle, the filter's is
// not: the one's leaf verifies with ca.pem, the other's does not.
func TestInterceptorTrust(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	if err := writeAll(dir, now); err != nil {
		t.Fatal(err)
	}
	bundle, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(bundle) {
		t.Fatal("ca.pem holds no certificate")
	}
	if c := readCert(t, filepath.Join(dir, "ca.pem")); c.Subject.CommonName != "gatewatch lab CA" {
		t.Errorf("ca.pem must start with the lab CA, starts with %s", c.Subject.CommonName)
	}
	for file, trusted := range map[string]bool{"inspect": true, "filter": false} {
		c := readCert(t, filepath.Join(dir, file+".pem"))
		_, err := c.Verify(x509.VerifyOptions{DNSName: "shop.gw.test", Roots: roots, CurrentTime: now})
		if (err == nil) != trusted {
			t.Errorf("%s: verify error %v, trusted %v", file, err, trusted)
		}
	}
}
