#!/usr/bin/env bash
# Gradescope setup: the autograder image only needs curl.
apt-get install -y curl
