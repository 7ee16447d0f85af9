/* A test app that reports, from inside the sandbox, what it was given:
 *   probe env      its environment, one variable a line
 *   probe fds      the file descriptors it started with
 *   probe limits   its RLIMIT_AS, soft and hard */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int list_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d)
		return 1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d))
			printf("fd %s\n", e->d_name);
	closedir(d);
	return 0;
}

int main(int argc, char *argv[])
{
	extern char **environ;
	struct rlimit rl;

	if (argc == 2 && !strcmp(argv[1], "env")) {
		for (char **e = environ; *e; e++)
			puts(*e);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "fds"))
		return list_fds();
	if (argc == 2 && !strcmp(argv[1], "limits") && getrlimit(RLIMIT_AS, &rl) == 0) {
		printf("as %llu %llu\n", (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
		return 0;
	}
	fprintf(stderr, "usage: probe env|fds|limits\n");
	return 2;
}
