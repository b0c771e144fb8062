// Command netio does blocking and non-blocking system calls: a TCP echo
// server and clients on 127.0.0.1 (the network poller), UDP datagrams,
// file writes, reads and fsyncs, and pipe reads that block in the kernel.
// -size is the number of echo round trips per client (×100).
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"

	"tracefuzz.local/programs/internal/traced"
)

func main() {
	traced.Main(4, func(size int) {
		var wg sync.WaitGroup
		wg.Add(3)
		go func() { defer wg.Done(); tcpEcho(size * 100) }()
		go func() { defer wg.Done(); udpPingPong(size * 50) }()
		go func() { defer wg.Done(); files(size * 20) }()
		wg.Wait()
		pipes(size * 20)
	})
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "netio:", err)
		os.Exit(1)
	}
}

func tcpEcho(rounds int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				io.Copy(c, c)
			}(c)
		}
	}()
	var wg sync.WaitGroup
	for client := 0; client < 4; client++ {
		wg.Add(1)
		go func(client int) {
			defer wg.Done()
			c, err := net.Dial("tcp", ln.Addr().String())
			check(err)
			defer c.Close()
			r := bufio.NewReader(c)
			for i := 0; i < rounds; i++ {
				fmt.Fprintf(c, "client %d line %d\n", client, i)
				_, err := r.ReadString('\n')
				check(err)
			}
		}(client)
	}
	wg.Wait()
}

func udpPingPong(rounds int) {
	srv, err := net.ListenPacket("udp", "127.0.0.1:0")
	check(err)
	defer srv.Close()
	go func() {
		buf := make([]byte, 512)
		for {
			n, addr, err := srv.ReadFrom(buf)
			if err != nil {
				return
			}
			srv.WriteTo(buf[:n], addr)
		}
	}()
	c, err := net.Dial("udp", srv.LocalAddr().String())
	check(err)
	defer c.Close()
	buf := make([]byte, 512)
	for i := 0; i < rounds; i++ {
		_, err := c.Write([]byte("ping"))
		check(err)
		_, err = c.Read(buf)
		check(err)
	}
}

func files(rounds int) {
	dir, err := os.MkdirTemp("", "tracefuzz-netio-")
	check(err)
	defer os.RemoveAll(dir)
	block := make([]byte, 16<<10)
	for i := 0; i < rounds; i++ {
		name := filepath.Join(dir, fmt.Sprintf("f%d", i%4))
		f, err := os.Create(name)
		check(err)
		_, err = f.Write(block)
		check(err)
		check(f.Sync())
		check(f.Close())
		data, err := os.ReadFile(name)
		check(err)
		if len(data) != len(block) {
			check(fmt.Errorf("short read of %s", name))
		}
	}
}

// pipes makes goroutines block inside read(2) on a pipe, so their Ms stay in
// a syscall long enough for sysmon to retake their Ps.
func pipes(rounds int) {
	r, w, err := os.Pipe()
	check(err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 64)
		for {
			if _, err := r.Read(buf); err != nil {
				return
			}
		}
	}()
	for i := 0; i < rounds; i++ {
		_, err := w.Write([]byte("tick"))
		check(err)
		busy(50_000)
	}
	w.Close()
	<-done
	r.Close()
}

func busy(n int) int {
	x := 0
	for i := 0; i < n; i++ {
		x = x*31 + i
	}
	return x
}
