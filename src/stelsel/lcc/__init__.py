"""Execution and capacity (LCC, §4.1): certified private parties in a supporting role (R47), and their deployment."""
