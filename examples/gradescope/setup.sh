#!/usr/bin/env bash
# Gradescope setup: Python 3 runs run_autograder and edgegrad_grader.py (standard library only);
# numpy runs the students' code in code-graded assignments. Zip setup.sh, run_autograder and
# edgegrad_grader.py (from examples/) together.
apt-get install -y python3 python3-pip
python3 -m pip install numpy
