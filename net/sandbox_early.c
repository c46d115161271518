/* What the console needs of the sandbox before the network module is loaded:
 * which providers it serves (the profile list of the first frame) and its
 * listening socket (the port the first frame shows). Linked into the program
 * as well as the module; nothing here needs libmicrohttpd. */
#include "net/sandbox.h"

#include "model/url_shape.h"
#include "net/sandbox_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

bool sandbox_speaks(const Descriptor *d)
{
    return d && d->sandbox.present;
}

bool sandbox_address(const char *host, unsigned port, struct sockaddr_storage *ss, bool *v6)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
        *v6 = false;
        return true;
    }
    if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        *v6 = true;
        return true;
    }
    return false;
}

static unsigned bound_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return 0;
    return ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                          : ((struct sockaddr_in *)&ss)->sin_port);
}

int sandbox_listen(const char *host, unsigned port, unsigned *bound, char **err)
{
    struct sockaddr_storage ss;
    bool v6 = false;
    if (!sandbox_address(host, port, &ss, &v6)) {
        *err = g_strdup_printf("--host %s is not an IP address (use 127.0.0.1 or ::1)", host);
        return -1;
    }
    int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    socklen_t len = v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 64) != 0 || !(*bound = bound_port(fd))) {
        *err = g_strdup_printf("cannot listen on %s port %u: %s", host, port, g_strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* Linked into the program too: `custty sandbox` checks --host before the module loads. */
bool sandbox_host_is_loopback(const char *host)
{
    struct sockaddr_storage ss;
    bool v6 = false;
    return host && sandbox_address(host, 0, &ss, &v6) && url_shape_literal_is_loopback(host);
}
