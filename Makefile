# custty — build, set-up, tests and benchmarks.
# `make run` and `make check` are all a fresh Debian 12 machine needs.

VERSION      := 0.1.0
PREFIX       ?= /usr/local
DESTDIR      ?=
BUILD        := build
CC           ?= cc
FUZZ_CC      ?= clang

# The one list of Debian packages the build, the tests and the console use.
# `make deps` installs whichever of them are missing.
# (tmux, dbus-daemon, gnome-keyring, libsecret-tools, procps and curl are
# what the tests drive: screens, a private keyring, pkill, the benchmarks.)
DEB_PACKAGES := pkg-config libncurses-dev libcurl4-openssl-dev libcjson-dev \
                libsecret-1-dev libcriterion-dev libmicrohttpd-dev libyaml-dev iso-codes \
                gnome-keyring libsecret-tools dbus dbus-daemon procps clang tmux curl

PKG_CONFIG   ?= pkg-config
pc_cflags     = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs       = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)

NCURSES_CFLAGS   ?= $(call pc_cflags,ncursesw)
NCURSES_LIBS     ?= $(call pc_libs,ncursesw)
CURL_CFLAGS      ?= $(call pc_cflags,libcurl)
CURL_LIBS        ?= $(call pc_libs,libcurl)
CJSON_CFLAGS     ?= $(call pc_cflags,libcjson)
CJSON_LIBS       ?= $(call pc_libs,libcjson)
SECRET_CFLAGS    ?= $(call pc_cflags,libsecret-1)
SECRET_LIBS      ?= $(call pc_libs,libsecret-1)
CRITERION_CFLAGS ?= $(call pc_cflags,criterion)
CRITERION_LIBS   ?= $(call pc_libs,criterion)
MHD_CFLAGS       ?= $(call pc_cflags,libmicrohttpd)
MHD_LIBS         ?= $(call pc_libs,libmicrohttpd)
GLIB_CFLAGS      ?= $(call pc_cflags,glib-2.0)
GLIB_LIBS        ?= $(call pc_libs,glib-2.0)
YAML_CFLAGS      ?= $(call pc_cflags,yaml-0.1)
YAML_LIBS        ?= $(call pc_libs,yaml-0.1)

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CSTD     := -std=gnu17
DATADIR  := $(PREFIX)/share/custty
LIBDIR   := $(PREFIX)/lib/custty
DEFS     := -DCUSTTY_VERSION='"$(VERSION)"' -DCUSTTY_DATADIR='"$(DATADIR)"' -DCUSTTY_LIBDIR='"$(LIBDIR)"'
INCLUDES := -I.
ALL_CFLAGS = $(CSTD) $(WARN) $(DEFS) $(INCLUDES) $(CJSON_CFLAGS) $(GLIB_CFLAGS) $(YAML_CFLAGS) \
             $(CURL_CFLAGS) $(MHD_CFLAGS) $(SECRET_CFLAGS) $(NCURSES_CFLAGS)
CFLAGS   ?= -O2 -g
# gcc leaves float-cast-overflow out of -fsanitize=undefined: (long long)1e30 is UB all the same.
SAN      := -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined,float-cast-overflow

MODEL_LIBS := $(CJSON_LIBS) $(GLIB_LIBS) $(YAML_LIBS)
NET_LIBS   := $(CURL_LIBS) $(MHD_LIBS) -lpthread
# libsecret is dlopen()ed by app/keyring.c on first use, so it is not linked:
# mapping its GIO stack at every start would cost more than the rest of start-up.
# The same goes for libcurl and libmicrohttpd: net/ is the module custty-net.so,
# dlopen()ed by app/net_module.c after the console's first frame.
PROG_LIBS  := $(MODEL_LIBS) $(NCURSES_LIBS) -ldl -lm -lpthread
APP_LIBS   := $(PROG_LIBS) $(NET_LIBS)

MODEL_SRC := $(sort $(wildcard model/*.c))
NET_SRC   := $(sort $(wildcard net/*.c))
UI_SRC    := $(sort $(wildcard ui/*.c))
APP_SRC   := $(sort $(wildcard app/*.c))
# Test and benchmark binaries link net/ in (app/net_linked.c says it is there).
LIB_SRC   := $(MODEL_SRC) $(NET_SRC) $(UI_SRC) $(filter-out app/main.c app/net_module.c,$(APP_SRC))
# The program: everything but net/, which it loads (app/net_module.c), save the
# little of the sandbox the first frame shows (net/sandbox_early.c).
PROG_SRC  := $(MODEL_SRC) $(UI_SRC) $(filter-out app/net_linked.c,$(APP_SRC)) net/sandbox_early.c

obj       = $(patsubst %.c,$(BUILD)/$(2)/%.o,$(1))

TEST_DIRS := $(patsubst tests/%/,%,$(sort $(dir $(wildcard tests/*/test_*.c))))
TEST_BINS := $(patsubst %,$(BUILD)/tests/%,$(TEST_DIRS))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))

.PHONY: all deps run check test fuzz fuzz-replay bench install uninstall clean
.DEFAULT_GOAL := all

all: $(BUILD)/custty

# ---- set-up ---------------------------------------------------------------
deps:
	@./.ci/deps $(DEB_PACKAGES)

# ---- the program ------------------------------------------------------------
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CFLAGS) $(PIC) -MMD -MP -c $< -o $@

$(BUILD)/san/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC+SAN  $<"
	@$(CC) $(ALL_CFLAGS) -O1 -g $(SAN) $(PIC) -MMD -MP -c $< -o $@

# net/ objects go into the module as well as into the (static) test binaries.
$(BUILD)/obj/net/%.o $(BUILD)/san/net/%.o: PIC := -fPIC

# The program exports model/ (its one copy, cJSON hooks and all) to the module;
# the module exports one table (net/module.map). Each program wants its module.
dynlist = { echo '{'; nm -g --defined-only $(1) | awk 'NF == 3 { print "  " $$3 ";" }' | sort -u; echo '};'; } > $(2)
$(BUILD)/model.dynlist: $(call obj,$(MODEL_SRC),obj)
	@$(call dynlist,$^,$@)
$(BUILD)/san/model.dynlist: $(call obj,$(MODEL_SRC),san)
	@$(call dynlist,$^,$@)

$(BUILD)/custty: $(call obj,$(PROG_SRC),obj) $(BUILD)/model.dynlist | $(BUILD)/custty-net.so
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) $(filter %.o,$^) -o $@ -Wl,--dynamic-list=$(BUILD)/model.dynlist $(PROG_LIBS)

$(BUILD)/san/custty: $(call obj,$(PROG_SRC),san) $(BUILD)/san/model.dynlist | $(BUILD)/san/custty-net.so
	@echo "  LINK    $@"
	@$(CC) -g $(SAN) $(filter %.o,$^) -o $@ -Wl,--dynamic-list=$(BUILD)/san/model.dynlist $(PROG_LIBS)

$(BUILD)/custty-net.so: $(call obj,$(NET_SRC),obj) net/module.map
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -shared -Wl,--version-script=net/module.map $(filter %.o,$^) -o $@ \
	  $(NET_LIBS) $(MODEL_LIBS)

$(BUILD)/san/custty-net.so: $(call obj,$(NET_SRC),san) net/module.map
	@echo "  LINK    $@"
	@$(CC) -g $(SAN) -shared -Wl,--version-script=net/module.map $(filter %.o,$^) -o $@ \
	  $(NET_LIBS) $(MODEL_LIBS)

run: deps all
	$(BUILD)/custty

# ---- tests ------------------------------------------------------------------
# Each folder under tests/ is one Criterion binary, built with ASan and UBSan.
.SECONDEXPANSION:
.SECONDARY:
SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
$(BUILD)/tests/%: $$(call obj,$$(wildcard tests/$$*/*.c) $(SUPPORT_SRC),san) $(call obj,$(LIB_SRC),san)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) -g $(SAN) $^ -o $@ $(APP_LIBS) $(SECRET_LIBS) $(CRITERION_LIBS) -lutil

$(BUILD)/san/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC+SAN  $<"
	@$(CC) $(ALL_CFLAGS) $(CRITERION_CFLAGS) -O1 -g $(SAN) -MMD -MP -c $< -o $@

test: $(BUILD)/custty $(BUILD)/san/custty $(TEST_BINS)
	@./tests/run-all $(TEST_BINS)

# The fuzz replay first, so that the tests' total is the closing line.
check: deps
	@$(MAKE) --no-print-directory fuzz-replay
	@$(MAKE) --no-print-directory test

# ---- fuzzing ----------------------------------------------------------------
# float-cast-overflow is in clang's undefined today; named so that it stays checked.
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined,float-cast-overflow \
              -fno-sanitize-recover=undefined,float-cast-overflow -g -O1
$(BUILD)/fuzz/%: tests/fuzz/%.c $(MODEL_SRC)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CSTD) $(DEFS) $(INCLUDES) $(CJSON_CFLAGS) $(GLIB_CFLAGS) $(FUZZ_FLAGS) \
	  $^ -o $@ $(MODEL_LIBS)

fuzz: $(FUZZ_BINS)

fuzz-replay: $(FUZZ_BINS)
	@./tests/fuzz/replay $(FUZZ_BINS)

# ---- benchmarks -------------------------------------------------------------
BENCH_SRC  := $(sort $(wildcard tests/bench/bench_*.c))
# minimal_curses is a baseline program, not a benchmark: built alone below.
BENCH_BINS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
$(BUILD)/bench/%: $(BUILD)/obj/tests/bench/%.o $(call obj,$(LIB_SRC),obj)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) $^ -o $@ $(APP_LIBS) -lutil

$(BUILD)/bench/minimal_curses: tests/bench/minimal_curses.c
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $(NCURSES_CFLAGS) $< -o $@ $(NCURSES_LIBS)

bench: deps $(BUILD)/custty $(BENCH_BINS) $(BUILD)/bench/minimal_curses
	@./tests/bench/run

# ---- install ----------------------------------------------------------------
install: $(BUILD)/custty
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DATADIR)/providers \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BUILD)/custty $(DESTDIR)$(PREFIX)/bin/custty
	install -m 0644 $(BUILD)/custty-net.so $(DESTDIR)$(LIBDIR)/custty-net.so
	install -m 0644 assets/providers/*.json $(DESTDIR)$(DATADIR)/providers/
	install -m 0644 assets/custty.1 $(DESTDIR)$(PREFIX)/share/man/man1/custty.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/custty $(DESTDIR)$(PREFIX)/share/man/man1/custty.1
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(LIBDIR)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
