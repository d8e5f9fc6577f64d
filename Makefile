# SPDX-License-Identifier: GPL-2.0
#
# dxgprobe: out-of-tree build and the project's two commands.
#   make [KDIR=...]          build dxgprobe.ko (kbuild: see Kbuild)
#   make test_modules        build hvsim.ko and dxgsim.ko (selftests/dxg/test_modules)
#   make selftests           build the kselftest programs (selftests/dxg)
#   make modules_install     install dxgprobe.ko (INSTALL_MOD_PATH honoured)
#   make check               the test command: builds, static checks, VM tests
#   make demo [PROFILE=...]  the main job: evidence report on the simulated host
#   make bench               what dxgprobe costs (docs/performance.md), ~15-20 min

KDIR ?= /lib/modules/$(shell uname -r)/build
PROFILE ?= empty
PWD := $(CURDIR)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(PWD) modules

modules_install:
	$(MAKE) -C $(KDIR) M=$(PWD) modules_install

test_modules:
	$(MAKE) -C selftests/dxg/test_modules KDIR=$(KDIR)

selftests:
	$(MAKE) -C selftests/dxg

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean
	-$(MAKE) -C selftests/dxg/test_modules KDIR=$(KDIR) clean
	-$(MAKE) -C selftests/dxg clean

check:
	scripts/check

demo:
	scripts/demo --profile $(PROFILE)

bench:
	scripts/bench

fetch-kernels:
	scripts/fetch-kernels

.PHONY: all modules modules_install test_modules selftests clean check demo bench fetch-kernels
