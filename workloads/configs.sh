# configs.sh - the phone configurations the workloads make up, as
# `phonesim run` arguments, in one place for everything that runs them:
# tests/workloads/phone.sh, bench/workloads.sh and scripts/demo.sh. Sourced,
# not run; $WL_BUILD must name the build directory (where the images are).
#
#   wl_args NAME     prints the arguments of configuration NAME (after `run`)
#
# Virtualized (the hypervisor on the phone preset, detailed timing):
#   phone-default           baseband RTOS on LITTLE core 0 + the personal app OS on core 1
#   dual-persona            baseband + personal (storage namespace 1, display) + work
#                           (namespace 2, no display) on cores 0-2
#   baseband-consolidation  baseband and app OS sharing LITTLE core 0, as on the
#                           single-core handsets of the OKL4 era
#   microbench              the micro-benchmarks: 2 vCPUs on cores 0-1, a partner VM on core 0
#   rtos-vm, appos-vm       one workload alone as a VM (its overhead against native)
# Native counterparts (each image alone at EL1, the same binary):
#   rtos-native, appos-native, microbench-native
# Memory map and queue numbering: workloads/README.md, workloads/lib/net.h.

wl_queues() {   # wl_queues PEER_NAME P: the two queues of net.h's peer P
	echo "--queue from=baseband,to=$1,size=256,depth=16,intids=$((64 + 4 * $2))/$((65 + 4 * $2))" \
	     "--queue from=$1,to=baseband,size=256,depth=16,intids=$((66 + 4 * $2))/$((67 + 4 * $2))"
}

wl_args() {
	hyp="--hyp $WL_BUILD/hyp/phonesim-hyp.elf --soc phone"
	rtos=$WL_BUILD/workloads/rtos/rtos.elf
	personal=$WL_BUILD/workloads/appos/appos-personal.elf
	work=$WL_BUILD/workloads/appos/appos-work.elf
	mb=$WL_BUILD/workloads/microbench/microbench
	baseband="--vm name=baseband,image=$rtos,base=0x42000000,mem=32,cpu=0,prio=0,dev=pl011,pass=modem,dtb"
	case $1 in
	phone-default)
		echo "$hyp --cores 2 $baseband" \
		     "--vm name=personal,image=$personal,base=0x44000000,mem=64,cpu=1,dev=pl011,pass=display,pass=storage,dtb" \
		     "$(wl_queues personal 0)" ;;
	dual-persona)
		echo "$hyp --cores 3 --set storage.ns1_blocks=4096 --set storage.ns2_blocks=4096 $baseband" \
		     "--vm name=personal,image=$personal,base=0x44000000,mem=64,cpu=1,dev=pl011,pass=display,pass=storage:1,dtb" \
		     "--vm name=work,image=$work,base=0x48000000,mem=64,cpu=2,dev=pl011,pass=storage:2,dtb" \
		     "$(wl_queues personal 0) $(wl_queues work 1)" ;;
	baseband-consolidation)
		echo "$hyp --cores 1 $baseband" \
		     "--vm name=personal,image=$personal,base=0x44000000,mem=64,cpu=0,prio=1,dev=pl011,pass=display,pass=storage,dtb" \
		     "$(wl_queues personal 0)" ;;
	rtos-vm)
		echo "$hyp --cores 1 $baseband" ;;
	appos-vm)
		echo "$hyp --cores 1" \
		     "--vm name=personal,image=$personal,base=0x44000000,mem=64,cpu=0,dev=pl011,pass=display,pass=storage,dtb" ;;
	microbench)
		echo "$hyp --cores 2" \
		     "--vm name=mb0,image=$mb-vm0.elf,base=0x4c000000,mem=16,dev=pl011,pass=modem,dtb,vcpus=2" \
		     "--vm name=mb1,image=$mb-vm1.elf,base=0x4d000000,mem=16,dev=pl011,cpu=0" ;;
	rtos-native)
		echo "--bare $rtos --el 1 --dtb --soc phone --cores 1" ;;
	appos-native)
		echo "--bare $personal --el 1 --dtb --soc phone --cores 1" ;;
	microbench-native)
		echo "--bare $mb-vm0.elf --el 1 --dtb --soc phone --cores 2" ;;
	*)
		echo "configs.sh: no configuration '$1'" >&2
		return 2 ;;
	esac
}
