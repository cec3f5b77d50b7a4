#!/usr/bin/env bash
# Limiter settings of the HFT guide. Source it (twice is harmless): `. ./setup_hft_env.sh`
# REST weight: the exchange allows 1200 per minute per IP. The bot's built-in default is a more
# conservative 1000; this file sets the full 1200 for a machine that runs nothing else.
# Never put HL_PRIVATE_KEY in this file.
export HL_REST_CAPACITY_PER_MIN=1200
export HL_WS_CAPACITY_PER_MIN=2000
export HL_RL_WEIGHT_ORDER=1
export HL_RL_WEIGHT_CANCEL=1
export HL_RL_WEIGHT_L2BOOK=2
export HL_RL_WEIGHT_META=20
export HL_RL_WEIGHT_USERFEES=20
