def figsize(sizex, sizey):
    import matplotlib

    matplotlib.rcParams["figure.figsize"] = [sizex, sizey]
