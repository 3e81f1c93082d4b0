// SPDX-License-Identifier: GPL-2.0
/*
 * Reproducer for the ABBA between memory_failure() -> kvm_gmem_error_folio() (folio lock, then
 * filemap_invalidate_lock_shared()) and kvm_gmem_punch_hole() (filemap_invalidate_lock(), then
 * folio_lock() in truncate_inode_pages_range()'s second pass); TLC's trace is
 * counterexamples/GuestMemInvalidation/gmem-6.18-mf-punch/NoDeadlockInv.itf.json.
 *
 * Needs:
 *   - CONFIG_MEMORY_FAILURE (MADV_HWPOISON; without it madvise() returns EINVAL);
 *   - root, or CAP_SYS_ADMIN (MADV_HWPOISON);
 *   - /dev/kvm with KVM_CAP_GUEST_MEMFD and GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED
 *     (6.18 or later), so that the guest_memfd page can be mapped and poisoned from userspace;
 *   - A DISPOSABLE MACHINE. Every round poisons one page for good, and if the race is won the
 *     two tasks stay in D state with mf_mutex held: every later memory failure on the host waits
 *     behind them, and only a reboot ends it.
 * No memslot and no vCPU are needed: both paths take the invalidate lock whether or not the file
 * is bound.
 *
 * Each round runs in a child: the child maps one page of the guest_memfd, touches it (the host
 * fault allocates the folio), and then one thread punches the page out in a loop while the main
 * thread poisons it with MADV_HWPOISON. The parent gives each round a time bound and reports a
 * child whose threads are stuck in D state as the result: the hang is what this program looks for.
 *
 * Exit status (kselftest): 0 no hang within the rounds; 1 a hang (reproduced); 4 skipped, with the
 * missing requirement on stdout.
 *
 * It poisons nothing unless told the machine is disposable: without --disposable it checks the
 * requirements and skips.
 *
 *   cc -Wall -Werror -pthread -o repro repro.c && sudo ./repro --disposable [rounds]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif
#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#endif
#ifndef FALLOC_FL_PUNCH_HOLE
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif

/* include/uapi/linux/kvm.h (KVMIO = 0xAE), spelled out for older headers. */
#define KVM_CREATE_VM 0xAE01
#define KVM_CHECK_EXTENSION 0xAE03
#define KVM_CAP_GUEST_MEMFD 234
#define KVM_CAP_GUEST_MEMFD_FLAGS 244
#define GUEST_MEMFD_FLAG_MMAP (1ULL << 0)
#define GUEST_MEMFD_FLAG_INIT_SHARED (1ULL << 1)

struct kvm_create_guest_memfd {
	uint64_t size;
	uint64_t flags;
	uint64_t reserved[6];
};

/* _IOWR(KVMIO, 0xd4, struct kvm_create_guest_memfd) */
#define KVM_CREATE_GUEST_MEMFD ((3UL << 30) | (sizeof(struct kvm_create_guest_memfd) << 16) | (0xAE << 8) | 0xD4)

#define KSFT_PASS 0
#define KSFT_FAIL 1
#define KSFT_SKIP 4
#define ROUND_SECONDS 10

static long page_size;
static int gmem_fd;
static volatile int stop;

static void skip(const char *why)
{
	printf("ok 1 # SKIP %s\n", why);
	exit(KSFT_SKIP);
}

/* MADV_HWPOISON on a throw-away anonymous page, in a child: EINVAL without CONFIG_MEMORY_FAILURE. */
static void require_hwpoison(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		char *p = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			_exit(3);
		p[0] = 1;
		if (madvise(p, page_size, MADV_HWPOISON) == 0)
			_exit(0);
		_exit(errno == EINVAL ? 1 : errno == EPERM ? 2 : 3);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		skip("fork failed");
	if (WIFSIGNALED(status))
		return; /* killed by its own poisoned page (SIGBUS): MADV_HWPOISON works */
	switch (WEXITSTATUS(status)) {
	case 0:
		return;
	case 1:
		skip("madvise(MADV_HWPOISON) returns EINVAL: the kernel has no CONFIG_MEMORY_FAILURE");
	case 2:
		skip("madvise(MADV_HWPOISON) returns EPERM: run as root (CAP_SYS_ADMIN)");
	default:
		skip("madvise(MADV_HWPOISON) fails on an anonymous page");
	}
}

static int create_gmem(void)
{
	struct kvm_create_guest_memfd args = { .size = page_size,
		.flags = GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED };
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	int vm, fd;
	long flags;

	if (kvm < 0)
		skip("cannot open /dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		skip("KVM_CREATE_VM fails");
	if (ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_GUEST_MEMFD) <= 0)
		skip("no KVM_CAP_GUEST_MEMFD");
	flags = ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_GUEST_MEMFD_FLAGS);
	if (flags < 0 || (flags & args.flags) != args.flags)
		skip("guest_memfd without GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED (needs 6.18)");
	fd = ioctl(vm, KVM_CREATE_GUEST_MEMFD, &args);
	if (fd < 0)
		skip("KVM_CREATE_GUEST_MEMFD fails");
	return fd;
}

/* CPU1 of the trace: fallocate(PUNCH_HOLE) over the page, again and again. */
static void *punch(void *arg)
{
	(void)arg;
	while (!stop)
		fallocate(gmem_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, page_size);
	return NULL;
}

/* One round: the host fault allocates the folio, then memory_failure() races the punch. */
static void round_child(void)
{
	volatile char *mem = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_SHARED, gmem_fd, 0);
	pthread_t t;

	if (mem == MAP_FAILED)
		_exit(3);
	mem[0] = 1; /* kvm_gmem_fault_user_mapping() */
	if (pthread_create(&t, NULL, punch, NULL))
		_exit(3);
	/* CPU2: madvise_inject_error() -> memory_failure() -> kvm_gmem_error_folio(). */
	madvise((void *)mem, page_size, MADV_HWPOISON);
	stop = 1;
	pthread_join(t, NULL);
	_exit(0);
}

/* Whether some thread of pid is in D state (uninterruptible sleep). */
static int in_d_state(pid_t pid)
{
	char path[64], buf[512];
	struct dirent *e;
	DIR *d;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		FILE *f;
		char *p;

		if (e->d_name[0] == '.')
			continue;
		snprintf(buf, sizeof(buf), "%s/%s/stat", path, e->d_name);
		f = fopen(buf, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) && p[1] == ' ' && p[2] == 'D')
			found = 1;
		fclose(f);
	}
	closedir(d);
	return found;
}

int main(int argc, char **argv)
{
	int disposable = argc > 1 && !strcmp(argv[1], "--disposable");
	int rounds = argc > 2 ? atoi(argv[2]) : 200;
	int i;

	page_size = sysconf(_SC_PAGESIZE);
	printf("TAP version 13\n1..1\n");
	gmem_fd = create_gmem();
	if (!disposable)
		skip("poisons pages for good and can wedge the kernel: run with --disposable on a disposable machine");
	require_hwpoison();
	for (i = 0; i < rounds; i++) {
		pid_t pid = fork();
		time_t deadline = time(NULL) + ROUND_SECONDS;
		int status;

		if (pid == 0)
			round_child();
		if (pid < 0) {
			printf("not ok 1 # fork failed\n");
			return KSFT_FAIL;
		}
		while (waitpid(pid, &status, WNOHANG) == 0) {
			if (time(NULL) >= deadline) {
				if (in_d_state(pid)) {
					printf("# round %d: fallocate(PUNCH_HOLE) and madvise(MADV_HWPOISON) are both\n"
					       "# stuck in D state after %d s: the deadlock of kvm_gmem_error_folio()\n"
					       "# against kvm_gmem_punch_hole(). Reboot this machine.\n", i, ROUND_SECONDS);
					printf("not ok 1 reproduced: memory_failure() against hole punch hangs\n");
					return KSFT_FAIL;
				}
				kill(pid, SIGKILL);
			}
			usleep(10000);
		}
		/* The poisoned folio is out of the file (the punch took it); the next round makes a new one. */
		fallocate(gmem_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, page_size);
	}
	printf("ok 1 no hang in %d rounds (the race window is narrow; this shows nothing either way)\n", rounds);
	return KSFT_PASS;
}
