package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTicks is the kernel's USER_HZ, the unit of CPU times in
// /proc/<pid>/stat; 100 on every Linux this runs on.
const clockTicks = 100

// procStat are the fields of /proc/<pid>/stat the tool reads.
type procStat struct {
	ppid                         int
	utime, stime, cutime, cstime int64 // in clock ticks
}

// readStat reads /proc/<pid>/stat.
func readStat(pid int) (procStat, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	return parseStat(data)
}

// parseStat parses the text of /proc/<pid>/stat: the name in parentheses
// may hold spaces, so fields are counted after its closing parenthesis.
func parseStat(data []byte) (procStat, error) {
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("unexpected /proc stat %q", data)
	}
	f := strings.Fields(string(data[i+1:]))
	// f[0] is field 3 (state); ppid is field 4, utime 14 … cstime 17.
	if len(f) < 15 {
		return procStat{}, fmt.Errorf("unexpected /proc stat %q", data)
	}
	n := func(field int) int64 { v, _ := strconv.ParseInt(f[field-3], 10, 64); return v }
	return procStat{ppid: int(n(4)), utime: n(14), stime: n(15), cutime: n(16), cstime: n(17)}, nil
}

func ticks(t int64) time.Duration { return time.Duration(t) * time.Second / clockTicks }

// processCPU is the user and system time pid has used so far.
func processCPU(pid int) (time.Duration, error) {
	s, err := readStat(pid)
	if err != nil {
		return 0, err
	}
	return ticks(s.utime + s.stime), nil
}

// treeCPU is the CPU time of pid, of its children that ended (reaped) and
// of its live children: for a PostgreSQL server, the postmaster and every
// backend, past and present.
func treeCPU(pid int) (time.Duration, error) {
	s, err := readStat(pid)
	if err != nil {
		return 0, err
	}
	total := s.utime + s.stime + s.cutime + s.cstime
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		child, err := strconv.Atoi(filepath.Base(d))
		if err != nil || child == pid {
			continue
		}
		if cs, err := readStat(child); err == nil && cs.ppid == pid {
			total += cs.utime + cs.stime + cs.cutime + cs.cstime
		}
	}
	return ticks(total), nil
}

// memory is what /proc/<pid>/status says about a process's memory, in
// KiB: resident now (VmRSS) and at its peak (VmHWM).
type memory struct{ rss, hwm int64 }

func readMemory(pid int) (memory, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	var m memory
	for _, line := range strings.Split(string(data), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch name {
		case "VmRSS":
			m.rss = kb
		case "VmHWM":
			m.hwm = kb
		}
	}
	return m, nil
}

// postmasterPid reads the pid of the PostgreSQL server of data directory
// dir (the first line of postmaster.pid).
func postmasterPid(dir string) (int, error) {
	data, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	first, _, _ := strings.Cut(string(data), "\n")
	return strconv.Atoi(strings.TrimSpace(first))
}
